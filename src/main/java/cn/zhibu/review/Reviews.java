package cn.zhibu.review;

import java.util.List;
import java.util.UUID;

/** The 民主评议 answers on the wire, shaped like the contract's {@code Review}, {@code MyReviews}, {@code ReviewResults}. */
final class Reviews {
  private Reviews() {
  }

  record Member(UUID personId, String name) {
  }

  /** {@code Review}: a round as its member or its secretary sees it. */
  record Round(UUID id, UUID orgId, int year, String opensAt, String closesAt, String state, List<Member> members,
      String mySelfAssessment, boolean voted) {
  }

  /** One of {@code MyReviews}' items. */
  record Listed(UUID id, UUID orgId, int year, String opensAt, String closesAt, String state, boolean voted) {
  }

  record Rounds(List<Listed> items) {
  }

  /** One rated person's line: tallies null until the round closes. */
  record Person(UUID personId, String name, Tallies.Count tallies, Tallies.Count publicTallies, String selfAssessment,
      String grade) {
  }

  /** {@code ReviewResults}: the members' ballots and the invited 群众's, each counted apart; counts after closing. */
  record Results(UUID reviewId, String state, long ballots, int members, long publicBallots, long invitations,
      Tallies.Count committee, List<Person> people) {
  }

  /** {@code ReviewInvitations}: the one-time codes, shown this once. */
  record Invitations(UUID reviewId, List<String> codes, String validUntil) {
  }

  /** {@code PublicReview}: what an invited 群众 sees before rating. */
  record PublicRound(UUID reviewId, String org, int year, String closesAt, List<Member> members) {
  }

  /** Grades as a sheet says them. */
  static final java.util.Map<String, String> GRADE = java.util.Map.of("excellent", "优秀", "qualified", "合格",
      "basically_qualified", "基本合格", "unqualified", "不合格");

  /** A person's row of a results sheet: tallies (blank while the round is open: turnout only) and the grade. */
  static List<Object> cells(Person p) {
    Tallies.Count t = p.tallies();
    return java.util.Arrays.asList(p.name(), t == null ? "" : t.excellent(), t == null ? "" : t.qualified(),
        t == null ? "" : t.basicallyQualified(), t == null ? "" : t.unqualified(),
        p.grade() == null ? "" : GRADE.getOrDefault(p.grade(), ""));
  }
}
