package cn.zhibu.term;

import java.util.List;
import java.util.UUID;

/** The 按期换届 answers on the wire, shaped like the contract's {@code TermsDue} and {@code Election}. */
final class Terms {
  private Terms() {
  }

  /** {@code TermDue}. */
  record Due(UUID orgId, String name, String kind, String termStartedOn, int termYears, String termEndsOn,
      long daysLeft, boolean overdue, List<String> secretaries, UUID pendingElectionId) {
  }

  /** An org whose term start nobody has recorded. */
  record Unknown(UUID orgId, String name, String kind) {
  }

  /** {@code TermsDue}. */
  record DueList(UUID orgId, String today, int withinDays, List<Due> items, List<Unknown> unknown) {
  }

  /** What the org sends about its election (the contract has checked the shapes). */
  record Draft(String heldOn, int eligible, int present, int seats, List<Candidacy> candidates, UUID secretaryId,
      List<UUID> deputyIds, List<Post> posts) {
  }

  record Candidacy(UUID personId, int votes) {
  }

  record Post(UUID personId, String post) {
  }

  /** {@code Election}'s candidate. */
  record Candidate(UUID personId, String name, int votes, boolean elected, String role, String post) {
  }

  /** {@code Election}. */
  record Election(UUID id, UUID orgId, String orgName, String heldOn, int eligible, int present, int seats,
      String state, List<Candidate> candidates, int vacancies, String recordedBy, String recordedAt, String decidedBy,
      String decidedAt, String note) {
  }

  record Elections(List<Election> items) {
  }

  /** What the org above sends. */
  record Decision(boolean approve, String note) {
  }
}
