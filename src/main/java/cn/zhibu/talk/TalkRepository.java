package cn.zhibu.talk;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of the 谈心谈话 log. */
final class TalkRepository {
  private final Pool pool;

  TalkRepository(Pool pool) {
    this.pool = pool;
  }

  /** A talk as stored, with the names of those it was with. */
  record Stored(UUID id, UUID orgId, UUID talkerId, String talkerName, LocalDate talkedOn, String topic, String notes,
      String followUp, List<UUID> personIds, List<String> names) {
  }

  /** A party member of the subtree with their talks in the year (none: 0 and null). */
  record Covered(UUID personId, String number, String name, int talks, LocalDate lastTalkedOn) {
  }

  /** Of {@code people}, those on a roster in the org's subtree (not anonymised). */
  Future<List<UUID>> inSubtree(UUID orgId, List<UUID> people) {
    return pool.preparedQuery("""
            SELECT p.id FROM persons p JOIN orgs o ON o.id = p.org_id
            WHERE p.id = ANY($2) AND $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL
            """).execute(Tuple.tuple().addUUID(orgId).addArrayOfUUID(people.toArray(UUID[]::new)))
        .map(rows -> {
          List<UUID> found = new ArrayList<>();
          rows.forEach(r -> found.add(r.getUUID("id")));
          return found;
        });
  }

  Future<Void> insert(SqlClient tx, UUID id, UUID orgId, UUID talker, LocalDate on, String topic, String notes,
      String followUp, List<UUID> people) {
    return tx.preparedQuery("""
            INSERT INTO talks (id, org_id, talker_id, talked_on, topic, notes, follow_up) VALUES ($1, $2, $3, $4, $5, $6, $7)
            """).execute(Tuple.of(id, orgId, talker, on, topic, notes, followUp))
        .compose(v -> tx.preparedQuery("INSERT INTO talk_people (talk_id, person_id) SELECT $1, unnest($2::uuid[])")
            .execute(Tuple.tuple().addUUID(id).addArrayOfUUID(people.toArray(UUID[]::new))))
        .mapEmpty();
  }

  private static final String SELECT = """
      SELECT t.id, t.org_id, t.talker_id, k.name AS talker_name, t.talked_on, t.topic, t.notes, t.follow_up,
             array_agg(tp.person_id ORDER BY p.name) AS person_ids, array_agg(coalesce(p.name, '') ORDER BY p.name) AS names
      FROM talks t JOIN persons k ON k.id = t.talker_id
      JOIN talk_people tp ON tp.talk_id = t.id JOIN persons p ON p.id = tp.person_id
      """;

  Future<Stored> find(UUID id) {
    return pool.preparedQuery(SELECT + " WHERE t.id = $1 GROUP BY t.id, k.name").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
  }

  /** Talks held at orgs of the subtree in [from, to), newest first. */
  Future<List<Stored>> ofSubtree(UUID orgId, LocalDate from, LocalDate to) {
    return pool.preparedQuery(SELECT + """
             JOIN orgs o ON o.id = t.org_id
             WHERE $1 = ANY(o.ancestry) AND t.talked_on >= $2 AND t.talked_on < $3
             GROUP BY t.id, k.name ORDER BY t.talked_on DESC, t.id
            """).execute(Tuple.of(orgId, from, to)).map(TalkRepository::all);
  }

  /** Talks the person was in, newest first. */
  Future<List<Stored>> with(UUID personId) {
    return pool.preparedQuery(SELECT + """
             WHERE t.id IN (SELECT talk_id FROM talk_people WHERE person_id = $1)
             GROUP BY t.id, k.name ORDER BY t.talked_on DESC, t.id
            """).execute(Tuple.of(personId)).map(TalkRepository::all);
  }

  /** Every party member on a roster in the subtree, with the talks they were in during [from, to); none first. */
  Future<List<Covered>> coverage(UUID orgId, LocalDate from, LocalDate to) {
    return pool.preparedQuery("""
            SELECT p.id, p.number, p.name, count(t.id) AS talks, max(t.talked_on) AS last_talked_on
            FROM persons p JOIN orgs o ON o.id = p.org_id
            LEFT JOIN talk_people tp ON tp.person_id = p.id
            LEFT JOIN talks t ON t.id = tp.talk_id AND t.talked_on >= $2 AND t.talked_on < $3
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full')
            GROUP BY p.id ORDER BY count(t.id) > 0, p.number
            """).execute(Tuple.of(orgId, from, to))
        .map(rows -> {
          List<Covered> all = new ArrayList<>(rows.size());
          rows.forEach(r -> all.add(new Covered(r.getUUID("id"), r.getString("number"), r.getString("name"),
              r.getLong("talks").intValue(), r.getLocalDate("last_talked_on"))));
          return all;
        });
  }

  private static List<Stored> all(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Stored> all = new ArrayList<>(rows.size());
    rows.forEach(r -> all.add(stored(r)));
    return all;
  }

  private static Stored stored(Row r) {
    return new Stored(r.getUUID("id"), r.getUUID("org_id"), r.getUUID("talker_id"), r.getString("talker_name"),
        r.getLocalDate("talked_on"), r.getString("topic"), r.getString("notes"), r.getString("follow_up"),
        List.of(r.getArrayOfUUIDs("person_ids")), List.of(r.getArrayOfStrings("names")));
  }
}
