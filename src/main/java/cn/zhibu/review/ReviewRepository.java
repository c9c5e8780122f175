package cn.zhibu.review;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The review tables. Ballots (who voted) and ratings (what was voted) are written together and read apart. */
final class ReviewRepository {
  private final Pool pool;

  ReviewRepository(Pool pool) {
    this.pool = pool;
  }

  record Review(UUID id, UUID orgId, int year, OffsetDateTime opensAt, OffsetDateTime closesAt) {
  }

  record Member(UUID id, String name) {
  }

  Future<Void> create(Review r, UUID by) {
    return pool.preparedQuery("""
            INSERT INTO reviews (id, org_id, year, opens_at, closes_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)
            """).execute(Tuple.of(r.id(), r.orgId(), r.year(), r.opensAt(), r.closesAt(), by)).mapEmpty();
  }

  Future<Review> find(UUID id) {
    return pool.preparedQuery("SELECT id, org_id, year, opens_at, closes_at FROM reviews WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Review(r.getUUID("id"), r.getUUID("org_id"), r.getInteger("year"), r.getOffsetDateTime("opens_at"),
              r.getOffsetDateTime("closes_at"));
        });
  }

  /** The party members under review: probationary and full members on the rosters of the org's subtree. */
  Future<List<Member>> members(UUID orgId) {
    return pool.preparedQuery("""
            SELECT p.id, p.name FROM persons p JOIN orgs o ON o.id = p.org_id
            WHERE $1 = ANY(o.ancestry) AND p.stage IN ('probationary', 'full') AND p.anonymised_at IS NULL
            ORDER BY p.number
            """).execute(Tuple.of(orgId)).map(rows -> {
              List<Member> list = new ArrayList<>();
              rows.forEach(r -> list.add(new Member(r.getUUID("id"), r.getString("name"))));
              return list;
            });
  }

  Future<Void> saveSelf(UUID review, UUID person, String text) {
    return pool.preparedQuery("""
            INSERT INTO review_selfs (review_id, person_id, text) VALUES ($1, $2, $3)
            ON CONFLICT (review_id, person_id) DO UPDATE SET text = excluded.text, submitted_at = now()
            """).execute(Tuple.of(review, person, text)).mapEmpty();
  }

  /** The ballot, once: false (and nothing written) when this voter has voted already. */
  Future<Boolean> vote(SqlClient tx, UUID review, UUID voter, List<UUID> ratees, List<String> grades) {
    return tx.preparedQuery("INSERT INTO review_ballots (review_id, voter_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(review, voter))
        .compose(inserted -> inserted.rowCount() == 0 ? Future.succeededFuture(false) : tx.preparedQuery("""
                INSERT INTO review_ratings (review_id, ratee_id, grade) SELECT $1, unnest($2::uuid[]), unnest($3::text[])
                """).execute(Tuple.of(review, ratees.toArray(UUID[]::new), grades.toArray(String[]::new))).map(true));
  }

  Future<Boolean> voted(UUID review, UUID voter) {
    return pool.preparedQuery("SELECT 1 FROM review_ballots WHERE review_id = $1 AND voter_id = $2")
        .execute(Tuple.of(review, voter)).map(rows -> rows.size() > 0);
  }

  Future<String> self(UUID review, UUID person) {
    return pool.preparedQuery("SELECT text FROM review_selfs WHERE review_id = $1 AND person_id = $2")
        .execute(Tuple.of(review, person)).map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("text"));
  }

  Future<Void> grade(SqlClient tx, UUID review, UUID person, String grade, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO review_grades (review_id, person_id, grade, decided_by) VALUES ($1, $2, $3, $4)
            ON CONFLICT (review_id, person_id) DO UPDATE SET grade = excluded.grade, decided_by = excluded.decided_by,
              decided_at = now()
            """).execute(Tuple.of(review, person, grade, by)).mapEmpty();
  }

  /** Per member: the tallies of each grade, their self-assessment and the final grade; never a voter. */
  Future<List<Row>> results(UUID review, UUID orgId) {
    return pool.preparedQuery("""
            SELECT p.id, p.name,
                   count(r.grade) FILTER (WHERE r.grade = 'excellent') AS excellent,
                   count(r.grade) FILTER (WHERE r.grade = 'qualified') AS qualified,
                   count(r.grade) FILTER (WHERE r.grade = 'basically_qualified') AS basically_qualified,
                   count(r.grade) FILTER (WHERE r.grade = 'unqualified') AS unqualified,
                   (SELECT s.text FROM review_selfs s WHERE s.review_id = $1 AND s.person_id = p.id) AS self,
                   (SELECT g.grade FROM review_grades g WHERE g.review_id = $1 AND g.person_id = p.id) AS grade
            FROM persons p JOIN orgs o ON o.id = p.org_id
            LEFT JOIN review_ratings r ON r.review_id = $1 AND r.ratee_id = p.id
            WHERE $2 = ANY(o.ancestry) AND p.stage IN ('probationary', 'full') AND p.anonymised_at IS NULL
            GROUP BY p.id, p.name, p.number ORDER BY p.number
            """).execute(Tuple.of(review, orgId)).map(rows -> {
              List<Row> list = new ArrayList<>();
              rows.forEach(list::add);
              return list;
            });
  }

  /** The rounds the person is under review in (of their org or any above it, as a party member), newest first. */
  Future<List<Row>> mine(UUID person) {
    return pool.preparedQuery("""
            SELECT r.id, r.org_id, r.year, r.opens_at, r.closes_at,
                   EXISTS (SELECT 1 FROM review_ballots b WHERE b.review_id = r.id AND b.voter_id = p.id) AS voted
            FROM persons p JOIN orgs o ON o.id = p.org_id JOIN reviews r ON r.org_id = ANY(o.ancestry)
            WHERE p.id = $1 AND p.stage IN ('probationary', 'full')
            ORDER BY r.opens_at DESC LIMIT 20
            """).execute(Tuple.of(person)).map(rows -> {
              List<Row> list = new ArrayList<>();
              rows.forEach(list::add);
              return list;
            });
  }

  Future<List<Row>> ofOrg(UUID orgId, UUID viewer) {
    return pool.preparedQuery("""
            SELECT r.id, r.org_id, r.year, r.opens_at, r.closes_at,
                   EXISTS (SELECT 1 FROM review_ballots b WHERE b.review_id = r.id AND b.voter_id = $2) AS voted
            FROM reviews r WHERE r.org_id = $1 ORDER BY r.opens_at DESC LIMIT 50
            """).execute(Tuple.of(orgId, viewer)).map(rows -> {
              List<Row> list = new ArrayList<>();
              rows.forEach(list::add);
              return list;
            });
  }

  Future<Long> ballots(UUID review) {
    return pool.preparedQuery("SELECT count(*) FROM review_ballots WHERE review_id = $1").execute(Tuple.of(review))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
