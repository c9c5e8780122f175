package cn.zhibu.care;

import java.util.List;
import java.util.UUID;

/** The 关怀帮扶 answers on the wire: {@code CareEntry}, {@code CareVisit}, {@code CareRegister}. */
final class Care {
  private Care() {
  }

  /** What a secretary sends for a person: the kinds of care (none: off the register). */
  record Entry(List<String> kinds, String note) {
  }

  /** {@code CareEntry}. */
  record Registered(UUID personId, List<String> kinds, String note) {
  }

  /** What a secretary records of a visit. */
  record VisitDraft(UUID personId, String visitedAt, String campaign, String support, Integer amountFen, String note) {
  }

  /** {@code CareVisit}. */
  record Visit(UUID id, UUID orgId, UUID personId, String name, String visitedAt, String campaign, String support,
      Integer amountFen, String note, String recordedBy) {
  }

  /** A person of the register with their visits in the year (and campaign, when one is asked). */
  record Line(UUID personId, String number, String name, String org, List<String> kinds, String note, int visits,
      String lastVisitedAt) {
  }

  /** {@code CareRegister}: the register, those not yet visited first, and the visits. */
  record Register(UUID orgId, int year, String campaign, int notVisited, long amountFen, List<Line> people,
      List<Visit> visits) {
  }
}
