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
  record Person(UUID personId, String name, Tallies.Count tallies, String selfAssessment, String grade) {
  }

  /** {@code ReviewResults}. */
  record Results(UUID reviewId, String state, long ballots, int members, List<Person> people) {
  }
}
