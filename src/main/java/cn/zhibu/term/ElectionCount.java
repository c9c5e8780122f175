package cn.zhibu.term;

import cn.zhibu.platform.ApiException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * How an election at the 党员大会 is judged (domain.md, "Terms"; seed 003 §8 asks for 差额 elections; the counts are
 * the national 基层组织选举工作条例's): valid only when more than half of those entitled are present; more candidates
 * than seats; a candidate is elected with votes from more than half of those present, the most votes first, up to
 * the seats. A tie for the last seat cannot be decided by the count: another round is held. Fewer elected than seats
 * leaves vacancies (另行选举), which is valid.
 */
final class ElectionCount {
  private ElectionCount() {
  }

  /** A candidate and their votes. */
  record Vote(UUID personId, int votes) {
  }

  /** The elected, most votes first, and the seats left empty. */
  record Outcome(List<UUID> elected, int vacancies) {
  }

  static Outcome judge(int eligible, int present, int seats, List<Vote> candidates) {
    if (present > eligible || present * 2 <= eligible) {
      throw ApiException.unprocessable("election.no_quorum", "More than half of those entitled must be present");
    }
    if (new HashSet<>(candidates.stream().map(Vote::personId).toList()).size() != candidates.size()
        || candidates.stream().anyMatch(c -> c.votes() > present)) {
      throw ApiException.unprocessable("election.invalid_candidates",
          "Each candidate once, with at most as many votes as people present");
    }
    if (candidates.size() <= seats) {
      throw ApiException.unprocessable("election.no_competition", "An election has more candidates than seats (差额)");
    }
    List<Vote> passing = new ArrayList<>(candidates.stream().filter(c -> c.votes() * 2 > present).toList());
    passing.sort(Comparator.comparingInt(Vote::votes).reversed());
    if (passing.size() > seats && passing.get(seats - 1).votes() == passing.get(seats).votes()) {
      throw ApiException.unprocessable("election.tie", "A tie for the last seat: those tied stand again");
    }
    List<UUID> elected = passing.subList(0, Math.min(seats, passing.size())).stream().map(Vote::personId).toList();
    return new Outcome(elected, seats - elected.size());
  }
}
