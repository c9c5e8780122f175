package cn.zhibu.development;

import java.util.List;
import java.util.UUID;

/** The answers of 培养教育 on the wire: contacts and introducers, 思想汇报. */
final class Cultivation {
  private Cultivation() {
  }

  /** Someone named by id and name. */
  record Named(UUID personId, String name) {
  }

  /** {@code DevelopmentContacts}: a person's 培养联系人 and 入党介绍人. */
  record Contacts(UUID personId, List<Named> contacts, List<Named> introducers) {
  }

  /** What a secretary sends. */
  record Assign(List<UUID> contactIds, List<UUID> introducerIds) {
  }

  /** What a person sends. */
  record Draft(String text, String period) {
  }

  /** {@code ThoughtReport}. */
  record Report(UUID id, UUID personId, String name, UUID orgId, String period, String text, String submittedAt,
      Named ackedBy, String ackedAt, String comment) {
  }

  /** {@code MyThoughtReports}: mine, and those of the people I am a contact of, waiting for my acknowledgement. */
  record Mine(boolean required, String currentPeriod, List<Report> items, List<Report> toAcknowledge) {
  }

  /** One person of an org's 思想汇报 follow-up. */
  record Follow(UUID personId, String number, String name, String stage, String lastPeriod, String lastSubmittedAt,
      int reports, int unacknowledged, boolean behind) {
  }

  /** {@code ThoughtReports}: those behind first, then the year's reports, newest first. */
  record OfOrg(UUID orgId, int year, String currentPeriod, List<Follow> people, List<Report> reports) {
  }
}
