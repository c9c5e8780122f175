package cn.zhibu.assessment;

import java.util.List;
import java.util.UUID;

/** 评选表彰 on the wire, shaped like the contract's {@code HonourRound}, {@code PublicNotices} and {@code Honours}. */
final class Honours {
  private Honours() {
  }

  record Draft(int year, List<String> kinds, String nominationsCloseAt, int noticeWorkingDays) {
  }

  record NominationDraft(String kind, UUID personId, UUID orgId, String reason) {
  }

  record Ids(List<UUID> nominationIds) {
  }

  /** A nomination with the figures it was made on. */
  record Nomination(UUID id, String kind, UUID personId, UUID orgId, String nominee, String org, String reason,
      Evidence evidence, String nominatedBy, String nominatedAt, boolean shortlisted, boolean confirmed) {
  }

  /** From the records at nomination: a person's year, or an org's assessment. Nulls where nothing applies. */
  record Evidence(Long points, Double attendanceRate, Double studyHours, String reviewGrade, Double volunteerHours,
      Double assessmentScore, String assessmentLevel) {
  }

  /** {@code HonourRound}: the nominations the caller may see (an admin all, a secretary their own). */
  record Round(UUID id, UUID orgId, int year, List<String> kinds, String nominationsCloseAt, int noticeWorkingDays,
      String noticeStartsOn, String noticeEndsOn, String state, List<Nomination> nominations) {
  }

  /** One line of a 公示. */
  /**
   * A 公示 running: of an honours round's shortlist ({@code source} honour) or of a person to be admitted
   * ({@code source} development: kind {@code admission}, the branch as org and unit, no round).
   */
  record Notice(String source, UUID honourId, String org, int year, String kind, String nominee, String unit,
      String reason, String from, String until) {
  }

  record Notices(List<Notice> items) {
  }

  /** An honour on a person's or an org's record. */
  record Honour(UUID honourId, int year, String kind, String awardedBy, String confirmedAt) {
  }

  record Record(List<Honour> items) {
  }
}
