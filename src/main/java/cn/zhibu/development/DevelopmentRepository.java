package cn.zhibu.development;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The development tables: rules, each person's steps, and the stage and roles the steps move. */
final class DevelopmentRepository {
  private final Pool pool;

  DevelopmentRepository(Pool pool) {
    this.pool = pool;
  }

  record Step(Milestone milestone, LocalDate date, String note, String recordedBy, DevelopmentRules.Vote vote) {
    /**
     * The date {@code next}'s waiting time is counted from, given the steps recorded (in order): the date of the
     * step it is measured from ({@link Milestone#measuredFrom}), else the last step's; null for none.
     */
    /** The date the step after the last one recorded is counted from; null for none recorded. */
    static LocalDate countedFromForNext(List<Step> steps) {
      if (steps.isEmpty()) {
        return null;
      }
      Step last = steps.get(steps.size() - 1);
      return last.milestone().next().map(n -> countedFrom(n, steps)).orElse(last.date());
    }

    static LocalDate countedFrom(Milestone next, List<Step> steps) {
      if (steps.isEmpty()) {
        return null;
      }
      return next.measuredFrom().flatMap(m -> steps.stream().filter(s -> s.milestone() == m).map(Step::date).findFirst())
          .orElse(steps.get(steps.size() - 1).date());
    }
  }

  record Person(UUID id, UUID orgId, String name, String number, String stage) {
  }

  Future<DevelopmentRules> rules() {
    return pool.query("SELECT milestone, min_months, min_working_days, due_within_months FROM development_rules").execute()
        .map(rows -> {
          Map<Milestone, DevelopmentRules.Rule> rules = new EnumMap<>(Milestone.class);
          for (Row row : rows) {
            Milestone.of(row.getString("milestone")).ifPresent(m -> rules.put(m, new DevelopmentRules.Rule(
                row.getInteger("min_months"), row.getInteger("min_working_days"), row.getInteger("due_within_months"))));
          }
          return new DevelopmentRules(rules);
        });
  }

  Future<Person> person(UUID id) {
    return pool.preparedQuery("SELECT id, org_id, name, number, stage FROM persons WHERE id = $1 AND anonymised_at IS NULL")
        .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : person(rows.iterator().next()));
  }

  private static Person person(Row row) {
    return new Person(row.getUUID("id"), row.getUUID("org_id"), row.getString("name"), row.getString("number"),
        row.getString("stage"));
  }

  /** The person's steps in procedure order (locked for the transaction that records the next one). */
  Future<List<Step>> steps(SqlClient client, UUID personId, boolean lock) {
    return client.preparedQuery("""
            SELECT m.milestone, m.happened_on, m.note, r.name AS recorded_by, m.vote_eligible, m.vote_present, m.vote_for,
                   m.vote_against, m.vote_abstain
            FROM development_milestones m LEFT JOIN persons r ON r.id = m.recorded_by
            WHERE m.person_id = $1
            """ + (lock ? " FOR UPDATE OF m" : "")).execute(Tuple.of(personId)).map(rows -> {
              List<Step> steps = new ArrayList<>();
              for (Row row : rows) {
                Milestone.of(row.getString("milestone")).ifPresent(m -> steps.add(new Step(m, row.getLocalDate("happened_on"),
                    row.getString("note"), row.getString("recorded_by"), row.getInteger("vote_eligible") == null ? null
                    : new DevelopmentRules.Vote(row.getInteger("vote_eligible"), row.getInteger("vote_present"),
                        row.getInteger("vote_for"), row.getInteger("vote_against"), row.getInteger("vote_abstain")))));
              }
              steps.sort((a, b) -> a.milestone().compareTo(b.milestone()));
              return steps;
            });
  }

  Future<List<Step>> steps(UUID personId) {
    return steps(pool, personId, false);
  }

  /** Serialises recordings for one person (two secretaries at once cannot both add "the next" step). */
  Future<Void> lockPerson(SqlClient tx, UUID personId) {
    return tx.preparedQuery("SELECT 1 FROM persons WHERE id = $1 FOR UPDATE").execute(Tuple.of(personId)).mapEmpty();
  }

  Future<Void> insert(SqlClient tx, UUID personId, Milestone m, LocalDate date, String note, UUID recordedBy,
      DevelopmentRules.Vote vote) {
    return tx.preparedQuery("""
            INSERT INTO development_milestones (person_id, milestone, happened_on, note, recorded_by, vote_eligible,
                                                vote_present, vote_for, vote_against, vote_abstain)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            """).execute(Tuple.tuple().addUUID(personId).addString(m.key()).addLocalDate(date).addString(note)
            .addUUID(recordedBy).addInteger(vote == null ? null : vote.eligible())
            .addInteger(vote == null ? null : vote.present()).addInteger(vote == null ? null : vote.votesFor())
            .addInteger(vote == null ? null : vote.against()).addInteger(vote == null ? null : vote.abstain()))
        .mapEmpty();
  }

  /**
   * Moves the person's stage forward, never back: entering the history of someone who joined before zhibu (a
   * full member's application of years ago) leaves them a full member. Becoming a probationary or full member
   * makes them a member of their branch (as a roster import would).
   */
  Future<Void> stage(SqlClient tx, Person person, String stage) {
    Future<Void> moved = tx.preparedQuery("""
            UPDATE persons SET stage = $2, updated_at = now()
            WHERE id = $1 AND coalesce(array_position(ARRAY['applicant', 'activist', 'candidate', 'probationary', 'full'],
                  stage), 0) < array_position(ARRAY['applicant', 'activist', 'candidate', 'probationary', 'full'], $2)
            """).execute(Tuple.of(person.id(), stage)).mapEmpty();
    if (!("probationary".equals(stage) || "full".equals(stage)) || person.orgId() == null) {
      return moved;
    }
    return moved.compose(v -> tx.preparedQuery("""
        INSERT INTO org_roles (person_id, org_id, role) VALUES ($1, $2, 'member') ON CONFLICT DO NOTHING
        """).execute(Tuple.of(person.id(), person.orgId()))).mapEmpty();
  }

  /** People on the rosters of the subtree who are in development (not yet full members), with their steps. */
  Future<Map<Person, List<Step>>> inDevelopment(UUID orgId) {
    return pool.preparedQuery("""
            SELECT p.id, p.org_id, p.name, p.number, p.stage, m.milestone, m.happened_on, m.note
            FROM persons p JOIN orgs o ON o.id = p.org_id
            LEFT JOIN development_milestones m ON m.person_id = p.id
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL
              AND (p.stage IS DISTINCT FROM 'full' OR NOT EXISTS (
                SELECT 1 FROM development_milestones f WHERE f.person_id = p.id AND f.milestone = 'full_member'))
              AND (p.stage IN ('applicant', 'activist', 'candidate', 'probationary') OR m.milestone IS NOT NULL)
            ORDER BY p.number
            """).execute(Tuple.of(orgId)).map(rows -> {
              Map<Person, List<Step>> people = new java.util.LinkedHashMap<>();
              Map<UUID, Person> byId = new java.util.HashMap<>();
              for (Row row : rows) {
                Person p = byId.computeIfAbsent(row.getUUID("id"), id -> person(row));
                List<Step> steps = people.computeIfAbsent(p, k -> new ArrayList<>());
                if (row.getString("milestone") != null) {
                  Milestone.of(row.getString("milestone")).ifPresent(m -> steps.add(new Step(m,
                      row.getLocalDate("happened_on"), row.getString("note"), null, null)));
                }
              }
              people.values().forEach(s -> s.sort((a, b) -> a.milestone().compareTo(b.milestone())));
              return people;
            });
  }

  /** A person whose 公示 step is recorded. */
  record Noticed(UUID personId, String name, String branch, LocalDate on, String note) {
  }

  /** The 公示 steps recorded since {@code since} for people on rosters of the subtree. */
  Future<List<Noticed>> publicNotices(UUID orgId, LocalDate since) {
    return pool.preparedQuery("""
            SELECT p.id, p.name, o.name AS branch, m.happened_on, m.note
            FROM development_milestones m JOIN persons p ON p.id = m.person_id JOIN orgs o ON o.id = p.org_id
            WHERE m.milestone = 'public_notice' AND m.happened_on >= $2 AND $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL
            ORDER BY m.happened_on, p.number
            """).execute(Tuple.of(orgId, since)).map(rows -> {
              List<Noticed> out = new ArrayList<>();
              rows.forEach(r -> out.add(new Noticed(r.getUUID("id"), r.getString("name"), r.getString("branch"),
                  r.getLocalDate("happened_on"), r.getString("note"))));
              return out;
            });
  }
}
