package cn.zhibu.development;

import java.util.List;
import java.util.UUID;

/** The 发展党员 answers on the wire, shaped like the contract's {@code Development}, {@code NextStep}, {@code DevelopmentDue}. */
final class Developments {
  private Developments() {
  }

  /** One recorded step. */
  record Step(String key, String label, String date, String note, String recordedBy, DevelopmentRules.Vote vote) {
  }

  /** {@code NextStep}; {@code backfill} only in a due list. */
  record Next(String key, String label, String earliest, String dueBy, boolean overdue,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      Boolean backfill) {
    Next backfilled(boolean value) {
      return new Next(key, label, earliest, dueBy, overdue, value);
    }
  }

  /** {@code Development}: the steps, what comes next, and who cultivates and introduces the person. */
  record Record(UUID personId, String stage, List<Step> milestones, Next next, List<Cultivation.Named> contacts,
      List<Cultivation.Named> introducers) {
  }

  record Due(UUID personId, String name, String number, String stage, Next next) {
  }

  /** {@code DevelopmentDue}. */
  record DueList(UUID orgId, String asOf, List<Due> items) {
  }
}
