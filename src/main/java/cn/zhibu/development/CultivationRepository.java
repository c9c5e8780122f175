package cn.zhibu.development;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of 培养联系人, 入党介绍人 and 思想汇报. */
final class CultivationRepository {
  private final Pool pool;

  CultivationRepository(Pool pool) {
    this.pool = pool;
  }

  /** A party member who may be named contact or introducer: on a roster, with their stage. */
  record Candidate(UUID id, String name, String stage, UUID orgId) {
  }

  record Assigned(String role, UUID id, String name) {
  }

  record Stored(UUID id, UUID personId, String name, UUID orgId, String period, String body, OffsetDateTime submittedAt,
      UUID ackedBy, String ackedByName, OffsetDateTime ackedAt, String comment) {
  }

  /**
   * A person in development or on probation in the subtree, with the date they became an activist (or null) and
   * their reports so far: the last one's period and time, how many, how many not yet acknowledged.
   */
  record Writer(UUID id, String number, String name, String stage, LocalDate activistOn, String lastPeriod,
      OffsetDateTime lastSubmittedAt, int reports, int unacknowledged) {
  }

  Future<List<Candidate>> people(List<UUID> ids) {
    return pool.preparedQuery("""
            SELECT id, name, stage, org_id FROM persons WHERE id = ANY($1) AND anonymised_at IS NULL AND org_id IS NOT NULL
            """).execute(Tuple.of(ids.toArray(UUID[]::new))).map(rows -> {
              List<Candidate> out = new ArrayList<>();
              rows.forEach(r -> out.add(new Candidate(r.getUUID("id"), r.getString("name"), r.getString("stage"),
                  r.getUUID("org_id"))));
              return out;
            });
  }

  /** Replaces a person's contacts and introducers. */
  Future<Void> replace(SqlClient tx, UUID person, List<UUID> contacts, List<UUID> introducers, UUID by) {
    return tx.preparedQuery("DELETE FROM development_contacts WHERE person_id = $1").execute(Tuple.of(person))
        .compose(v -> tx.preparedQuery("""
            INSERT INTO development_contacts (person_id, contact_id, role, assigned_by)
            SELECT $1::uuid, c, 'contact', $4::uuid FROM unnest($2::uuid[]) c
            UNION ALL SELECT $1::uuid, i, 'introducer', $4::uuid FROM unnest($3::uuid[]) i
            """).execute(Tuple.of(person, contacts.toArray(UUID[]::new), introducers.toArray(UUID[]::new), by)))
        .mapEmpty();
  }

  Future<List<Assigned>> contactsOf(UUID person) {
    return pool.preparedQuery("""
            SELECT c.role, p.id, p.name FROM development_contacts c JOIN persons p ON p.id = c.contact_id
            WHERE c.person_id = $1 ORDER BY c.role, c.assigned_at, p.number
            """).execute(Tuple.of(person)).map(rows -> {
              List<Assigned> out = new ArrayList<>();
              rows.forEach(r -> out.add(new Assigned(r.getString("role"), r.getUUID("id"), r.getString("name"))));
              return out;
            });
  }

  /** Whether {@code contact} is one of {@code person}'s 培养联系人 or 入党介绍人. */
  Future<Boolean> isContact(UUID contact, UUID person) {
    return pool.preparedQuery("SELECT 1 FROM development_contacts WHERE person_id = $1 AND contact_id = $2")
        .execute(Tuple.of(person, contact)).map(rows -> rows.size() > 0);
  }

  Future<Void> insert(UUID id, UUID person, UUID org, String period, String body) {
    return pool.preparedQuery("INSERT INTO thought_reports (id, person_id, org_id, period, body) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(id, person, org, period, body)).mapEmpty();
  }

  private static final String REPORT = """
      SELECT t.id, t.person_id, p.name, t.org_id, t.period, t.body, t.submitted_at, t.acked_by, a.name AS acked_by_name,
             t.acked_at, t.comment
      FROM thought_reports t JOIN persons p ON p.id = t.person_id LEFT JOIN persons a ON a.id = t.acked_by
      """;

  private static List<Stored> reports(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Stored> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new Stored(r.getUUID("id"), r.getUUID("person_id"), r.getString("name"), r.getUUID("org_id"),
          r.getString("period"), r.getString("body"), r.getOffsetDateTime("submitted_at"), r.getUUID("acked_by"),
          r.getString("acked_by_name"), r.getOffsetDateTime("acked_at"), r.getString("comment")));
    }
    return out;
  }

  Future<Stored> find(UUID id) {
    return pool.preparedQuery(REPORT + " WHERE t.id = $1").execute(Tuple.of(id))
        .map(rows -> reports(rows).stream().findFirst().orElse(null));
  }

  Future<List<Stored>> of(UUID person) {
    return pool.preparedQuery(REPORT + " WHERE t.person_id = $1 ORDER BY t.period DESC, t.submitted_at DESC")
        .execute(Tuple.of(person)).map(CultivationRepository::reports);
  }

  /** Reports not yet acknowledged of the people {@code contact} is a contact or introducer of. */
  Future<List<Stored>> waitingFor(UUID contact) {
    return pool.preparedQuery(REPORT + """
             WHERE t.acked_by IS NULL AND p.anonymised_at IS NULL
               AND t.person_id IN (SELECT person_id FROM development_contacts WHERE contact_id = $1)
             ORDER BY t.submitted_at""").execute(Tuple.of(contact)).map(CultivationRepository::reports);
  }

  /** The reports submitted in a year by people now on rosters of the subtree, newest first. */
  Future<List<Stored>> ofSubtree(UUID orgId, OffsetDateTime from, OffsetDateTime to) {
    return pool.preparedQuery(REPORT + """
             JOIN orgs o ON o.id = p.org_id
             WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND t.submitted_at >= $2 AND t.submitted_at < $3
             ORDER BY t.submitted_at DESC""").execute(Tuple.of(orgId, from, to)).map(CultivationRepository::reports);
  }

  /**
   * The activists, candidates and probationary members of the subtree — those who write 思想汇报 at least quarterly —
   * each with a summary of their reports (one query; the texts are not read).
   */
  Future<List<Writer>> writers(UUID orgId) {
    return pool.preparedQuery("""
            SELECT p.id, p.number, p.name, p.stage, a.happened_on AS activist_on, last.period AS last_period,
                   last.submitted_at AS last_submitted_at, counts.reports, counts.unacknowledged
            FROM persons p JOIN orgs o ON o.id = p.org_id
            LEFT JOIN development_milestones a ON a.person_id = p.id AND a.milestone = 'activist'
            LEFT JOIN LATERAL (SELECT t.period, t.submitted_at FROM thought_reports t WHERE t.person_id = p.id
                               ORDER BY t.period DESC, t.submitted_at DESC LIMIT 1) last ON true
            CROSS JOIN LATERAL (SELECT count(*) AS reports, count(*) FILTER (WHERE t.acked_by IS NULL) AS unacknowledged
                                FROM thought_reports t WHERE t.person_id = p.id) counts
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND p.stage IN ('activist', 'candidate', 'probationary')
            ORDER BY p.number
            """).execute(Tuple.of(orgId)).map(rows -> {
              List<Writer> out = new ArrayList<>();
              rows.forEach(r -> out.add(new Writer(r.getUUID("id"), r.getString("number"), r.getString("name"),
                  r.getString("stage"), r.getLocalDate("activist_on"), r.getString("last_period"),
                  r.getOffsetDateTime("last_submitted_at"), r.getLong("reports").intValue(),
                  r.getLong("unacknowledged").intValue())));
              return out;
            });
  }

  /** Acknowledges once: false when someone already did. */
  Future<Boolean> acknowledge(SqlClient tx, UUID id, UUID by, String comment) {
    return tx.preparedQuery("""
            UPDATE thought_reports SET acked_by = $2, acked_at = now(), comment = $3 WHERE id = $1 AND acked_by IS NULL
            """).execute(Tuple.of(id, by, comment)).map(rows -> rows.rowCount() == 1);
  }
}
