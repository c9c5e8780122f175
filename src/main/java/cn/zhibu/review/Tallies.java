package cn.zhibu.review;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A round's grades as counts only: per rated person, how many ballots gave each grade. This is all that is ever
 * stored of a ballot's content (V26), so no stored row can tie a grade to whoever gave it.
 */
record Tallies(Map<String, Count> byPerson) {
  static final List<String> GRADES = List.of("excellent", "qualified", "basically_qualified", "unqualified");

  /** One person's counts, in the order of {@link #GRADES}. */
  record Count(long excellent, long qualified,
      @com.fasterxml.jackson.annotation.JsonProperty("basically_qualified") long basicallyQualified, long unqualified) {
    static final Count NONE = new Count(0, 0, 0, 0);

    Count plus(String grade) {
      return switch (grade) {
        case "excellent" -> new Count(excellent + 1, qualified, basicallyQualified, unqualified);
        case "qualified" -> new Count(excellent, qualified + 1, basicallyQualified, unqualified);
        case "basically_qualified" -> new Count(excellent, qualified, basicallyQualified + 1, unqualified);
        case "unqualified" -> new Count(excellent, qualified, basicallyQualified, unqualified + 1);
        default -> throw new IllegalArgumentException("grade " + grade);
      };
    }

    JsonObject json() {
      return new JsonObject().put("excellent", excellent).put("qualified", qualified)
          .put("basically_qualified", basicallyQualified).put("unqualified", unqualified);
    }
  }

  /** Where a member's grade of the branch committee is counted (党员评议支部, seed 003 §8). */
  static final String COMMITTEE = "committee";
  /** The prefix of the counts given by invited 群众 (群众评议党员, seed 003 §8), kept apart from the members'. */
  static final String PUBLIC = "public:";

  /** One ballot: a grade for each person it rates, and (a member's only) a grade of the branch committee or null. */
  record Ballot(Map<UUID, String> grades, String committee) {
    Ballot(Map<UUID, String> grades) {
      this(grades, null);
    }
  }

  static Tallies of(JsonObject stored) {
    Map<String, Count> counts = new LinkedHashMap<>();
    if (stored != null) {
      stored.forEach(e -> {
        JsonObject c = (JsonObject) e.getValue();
        counts.put(e.getKey(), new Count(c.getLong("excellent", 0L), c.getLong("qualified", 0L),
            c.getLong("basically_qualified", 0L), c.getLong("unqualified", 0L)));
      });
    }
    return new Tallies(counts);
  }

  /** A member's ballot added. */
  Tallies plus(Ballot ballot) {
    return plus(ballot, "");
  }

  /** A 群众's ballot added, apart from the members' counts. */
  Tallies plusPublic(Ballot ballot) {
    return plus(new Ballot(ballot.grades(), null), PUBLIC);
  }

  private Tallies plus(Ballot ballot, String prefix) {
    Map<String, Count> next = new LinkedHashMap<>(byPerson);
    ballot.grades().forEach((person, grade) -> next.merge(prefix + person, Count.NONE.plus(grade),
        (had, one) -> had.plus(grade)));
    if (ballot.committee() != null) {
      next.merge(COMMITTEE, Count.NONE.plus(ballot.committee()), (had, one) -> had.plus(ballot.committee()));
    }
    return new Tallies(next);
  }

  Count forPerson(UUID person) {
    return byPerson.getOrDefault(person.toString(), Count.NONE);
  }

  /** What invited 群众 gave the person. */
  Count fromPublic(UUID person) {
    return byPerson.getOrDefault(PUBLIC + person, Count.NONE);
  }

  /** What the members gave the branch committee. */
  Count committee() {
    return byPerson.getOrDefault(COMMITTEE, Count.NONE);
  }

  JsonObject json() {
    JsonObject out = new JsonObject();
    byPerson.forEach((person, count) -> out.put(person, count.json()));
    return out;
  }
}
