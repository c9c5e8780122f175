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

  /** One ballot: a grade for each person it rates. */
  record Ballot(Map<UUID, String> grades) {
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

  Tallies plus(Ballot ballot) {
    Map<String, Count> next = new LinkedHashMap<>(byPerson);
    ballot.grades().forEach((person, grade) -> next.merge(person.toString(), Count.NONE.plus(grade),
        (had, one) -> had.plus(grade)));
    return new Tallies(next);
  }

  Count forPerson(UUID person) {
    return byPerson.getOrDefault(person.toString(), Count.NONE);
  }

  JsonObject json() {
    JsonObject out = new JsonObject();
    byPerson.forEach((person, count) -> out.put(person, count.json()));
    return out;
  }
}
