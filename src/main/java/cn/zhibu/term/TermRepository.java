package cn.zhibu.term;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of the orgs' terms and their reminders (the terms themselves live on {@code orgs}). */
final class TermRepository {
  private final Pool pool;

  TermRepository(Pool pool) {
    this.pool = pool;
  }

  /** An org of the subtree (never a 党小组) with its term as stored, its secretaries and any election waiting. */
  record Stored(UUID orgId, String name, String kind, LocalDate termStartedOn, Integer termYears,
      List<String> secretaries, UUID pendingElectionId) {
  }

  Future<List<Stored>> ofSubtree(UUID orgId) {
    return pool.preparedQuery("""
            SELECT o.id, o.name, o.kind, o.term_started_on, o.term_years,
                   coalesce((SELECT array_agg(p.name ORDER BY p.name) FROM org_roles r JOIN persons p ON p.id = r.person_id
                             WHERE r.org_id = o.id AND r.role = 'secretary'), '{}') AS secretaries,
                   (SELECT e.id FROM elections e WHERE e.org_id = o.id AND e.state = 'pending') AS pending
            FROM orgs o WHERE $1 = ANY(o.ancestry) AND o.kind <> 'group'
            ORDER BY o.name
            """).execute(Tuple.of(orgId)).map(rows -> {
          List<Stored> all = new ArrayList<>();
          for (Row r : rows) {
            String[] names = r.getArrayOfStrings("secretaries");
            all.add(new Stored(r.getUUID("id"), r.getString("name"), r.getString("kind"), r.getLocalDate("term_started_on"),
                r.getInteger("term_years"), names == null ? List.of() : List.of(names), r.getUUID("pending")));
          }
          return all;
        });
  }

  /**
   * Claims each (org, term end, mark) once and queues the sentence to the org's secretaries and the admins and
   * secretaries of the org above, in one statement: any number of processes queue it once.
   */
  Future<Integer> queue(SqlClient tx, List<UUID> orgs, List<LocalDate> ends, List<String> marks, List<String> notes) {
    return tx.preparedQuery("""
            WITH claimed AS (
              INSERT INTO term_reminders (org_id, term_ends_on, mark)
              SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[])
              ON CONFLICT DO NOTHING RETURNING org_id),
            recipients AS (
              SELECT c.org_id, r.person_id FROM claimed c JOIN org_roles r ON r.org_id = c.org_id AND r.role = 'secretary'
              UNION
              SELECT c.org_id, r.person_id FROM claimed c JOIN orgs o ON o.id = c.org_id
              JOIN org_roles r ON r.org_id = o.parent_id AND r.role IN ('admin', 'secretary'))
            INSERT INTO push_outbox (kind, org_id, person_id, note, topic)
            SELECT 'message', rc.org_id, rc.person_id, n.note, 'term'
            FROM recipients rc JOIN unnest($1::uuid[], $4::text[]) AS n(org_id, note) ON n.org_id = rc.org_id
            """).execute(Tuple.tuple().addArrayOfUUID(orgs.toArray(UUID[]::new))
            .addArrayOfLocalDate(ends.toArray(LocalDate[]::new)).addArrayOfString(marks.toArray(String[]::new))
            .addArrayOfString(notes.toArray(String[]::new)))
        .map(rows -> rows.rowCount());
  }
}
