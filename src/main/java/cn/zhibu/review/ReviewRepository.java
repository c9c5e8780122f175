package cn.zhibu.review;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The review tables. Who voted (review_ballots) is written beside the round's running tallies (one row,
 * review_tallies, rewritten whole by every ballot), never beside a rating of its own: see V26.
 */
final class ReviewRepository {
  private final Pool pool;

  ReviewRepository(Pool pool) {
    this.pool = pool;
  }

  record Review(UUID id, UUID orgId, int year, OffsetDateTime opensAt, OffsetDateTime closesAt, boolean frozen) {
  }

  record Member(UUID id, String name) {
  }

  /** A round and its (empty) tallies row, so that every ballot finds the row to lock. */
  Future<Void> create(Review r, UUID by) {
    return pool.preparedQuery("""
            WITH round AS (
              INSERT INTO reviews (id, org_id, year, opens_at, closes_at, created_by) VALUES ($1, $2, $3, $4, $5, $6)
              RETURNING id)
            INSERT INTO review_tallies (review_id) SELECT id FROM round
            """).execute(Tuple.of(r.id(), r.orgId(), r.year(), r.opensAt(), r.closesAt(), by)).mapEmpty();
  }

  Future<Review> find(UUID id) {
    return pool.preparedQuery("""
            SELECT id, org_id, year, opens_at, closes_at, frozen_at IS NOT NULL AS frozen FROM reviews WHERE id = $1
            """).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Review(r.getUUID("id"), r.getUUID("org_id"), r.getInteger("year"), r.getOffsetDateTime("opens_at"),
              r.getOffsetDateTime("closes_at"), r.getBoolean("frozen"));
        });
  }

  /**
   * Freezes who may vote and who is rated — the party members on the rosters of the org's subtree — for every
   * round that has opened by {@code now} and is not frozen yet ({@code only}: just that round, or any when null).
   * Claimed by the UPDATE, so two callers never freeze one round twice. Answers how many rounds were frozen.
   */
  Future<Integer> freezeOpened(UUID only, OffsetDateTime now) {
    return pool.preparedQuery("""
            WITH opened AS (
              UPDATE reviews SET frozen_at = $2
              WHERE frozen_at IS NULL AND opens_at <= $2 AND ($1::uuid IS NULL OR id = $1)
              RETURNING id, org_id),
            electorate AS (
              INSERT INTO review_electorate (review_id, person_id)
              SELECT opened.id, p.id FROM opened JOIN orgs o ON opened.org_id = ANY (o.ancestry)
              JOIN persons p ON p.org_id = o.id
              WHERE p.stage IN ('probationary', 'full') AND p.anonymised_at IS NULL)
            SELECT count(*) FROM opened
            """).execute(Tuple.of(only, now)).map(rows -> rows.iterator().next().getLong(0).intValue());
  }

  /** Before the round opens, the party members there are today; from its opening on, the frozen electorate. */
  Future<List<Member>> members(Review review) {
    String sql = review.frozen() ? """
            SELECT p.id, p.name FROM review_electorate e JOIN persons p ON p.id = e.person_id
            WHERE e.review_id = $1 ORDER BY p.number
            """ : """
            SELECT p.id, p.name FROM persons p JOIN orgs o ON o.id = p.org_id
            WHERE $1 = ANY(o.ancestry) AND p.stage IN ('probationary', 'full') AND p.anonymised_at IS NULL
            ORDER BY p.number
            """;
    return pool.preparedQuery(sql).execute(Tuple.of(review.frozen() ? review.id() : review.orgId()))
        .map(rows -> {
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

  /**
   * The ballot, once: false (and nothing written) when this voter has voted already. The voter is recorded, then
   * the round's tallies row is locked, the ballot added in memory and the whole row written back.
   */
  Future<Boolean> vote(SqlClient tx, UUID review, UUID voter, Tallies.Ballot ballot) {
    return tx.preparedQuery("INSERT INTO review_ballots (review_id, voter_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(review, voter))
        .compose(inserted -> inserted.rowCount() == 0 ? Future.succeededFuture(false)
            : add(tx, review, ballot, false).map(true));
  }

  /**
   * A 群众's ballot, once per invitation: the code is spent (false, nothing written, when it is unknown, of another
   * round or spent already), then the ballot is added to the round's one tallies row like a member's. Nothing
   * else is written: no voter, no code beside the counts.
   */
  Future<Boolean> publicVote(SqlClient tx, UUID review, String codeHash, Tallies.Ballot ballot) {
    return tx.preparedQuery("UPDATE review_invitations SET used = true WHERE code_hash = $1 AND review_id = $2 AND NOT used")
        .execute(Tuple.of(codeHash, review))
        .compose(spent -> spent.rowCount() == 0 ? Future.succeededFuture(false) : add(tx, review, ballot, true).map(true));
  }

  private Future<Void> add(SqlClient tx, UUID review, Tallies.Ballot ballot, boolean fromPublic) {
    return tx.preparedQuery("SELECT tallies FROM review_tallies WHERE review_id = $1 FOR UPDATE").execute(Tuple.of(review))
        .compose(rows -> {
          Tallies had = Tallies.of(rows.iterator().next().getJsonObject("tallies"));
          return tx.preparedQuery(fromPublic
                  ? "UPDATE review_tallies SET tallies = $2, public_ballots = public_ballots + 1 WHERE review_id = $1"
                  : "UPDATE review_tallies SET tallies = $2, ballots = ballots + 1 WHERE review_id = $1")
              .execute(Tuple.of(review, (fromPublic ? had.plusPublic(ballot) : had.plus(ballot)).json()));
        }).mapEmpty();
  }

  /** Stores the hashes of new one-time codes for the round. */
  Future<Void> invite(SqlClient tx, UUID review, List<String> hashes, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO review_invitations (code_hash, review_id, created_by) SELECT h, $2, $3 FROM unnest($1::text[]) h
            """).execute(Tuple.of(hashes.toArray(String[]::new), review, by)).mapEmpty();
  }

  /** Whether the code is one of the round's and not spent. */
  Future<Boolean> invitationOpen(UUID review, String codeHash) {
    return pool.preparedQuery("SELECT 1 FROM review_invitations WHERE code_hash = $1 AND review_id = $2 AND NOT used")
        .execute(Tuple.of(codeHash, review)).map(rows -> rows.size() > 0);
  }

  /** How many 群众 ballots the round has, and how many codes were handed out. */
  Future<long[]> publicTurnout(UUID review) {
    return pool.preparedQuery("""
            SELECT (SELECT public_ballots FROM review_tallies WHERE review_id = $1),
                   (SELECT count(*) FROM review_invitations WHERE review_id = $1)
            """).execute(Tuple.of(review)).map(rows -> {
              Row r = rows.iterator().next();
              return new long[] {r.getInteger(0) == null ? 0 : r.getInteger(0), r.getLong(1)};
            });
  }

  Future<String> orgName(UUID orgId) {
    return pool.preparedQuery("SELECT name FROM orgs WHERE id = $1").execute(Tuple.of(orgId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("name"));
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

  /** One rated person's line of the results, without tallies (they come from {@link #tallies}). */
  record Rated(UUID id, String name, String self, String grade) {
  }

  /** The rated: the frozen electorate (or, before opening, today's members), their self-assessment and grade. */
  Future<List<Rated>> rated(Review review) {
    return members(review).compose(members -> pool.preparedQuery("""
            SELECT p.id,
                   (SELECT s.text FROM review_selfs s WHERE s.review_id = $1 AND s.person_id = p.id) AS self,
                   (SELECT g.grade FROM review_grades g WHERE g.review_id = $1 AND g.person_id = p.id) AS grade
            FROM persons p WHERE p.id = ANY ($2::uuid[])
            """).execute(Tuple.of(review.id(), (Object) members.stream().map(Member::id).toArray(UUID[]::new))).map(rows -> {
              java.util.Map<UUID, Row> byId = new java.util.HashMap<>();
              rows.forEach(r -> byId.put(r.getUUID("id"), r));
              List<Rated> list = new ArrayList<>();
              for (Member m : members) {
                Row r = byId.get(m.id());
                list.add(new Rated(m.id(), m.name(), r.getString("self"), r.getString("grade")));
              }
              return list;
            }));
  }

  /** The round's running tallies and how many have voted. */
  Future<Tallies> tallies(UUID review) {
    return pool.preparedQuery("SELECT tallies FROM review_tallies WHERE review_id = $1").execute(Tuple.of(review))
        .map(rows -> rows.size() == 0 ? Tallies.of((JsonObject) null) : Tallies.of(rows.iterator().next().getJsonObject("tallies")));
  }
  /** A round with whether a given person has voted in it. */
  record Voted(Review review, boolean voted) {
  }

  private static List<Voted> voted(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Voted> list = new ArrayList<>();
    for (Row r : rows) {
      list.add(new Voted(new Review(r.getUUID("id"), r.getUUID("org_id"), r.getInteger("year"),
          r.getOffsetDateTime("opens_at"), r.getOffsetDateTime("closes_at"), true), r.getBoolean("voted")));
    }
    return list;
  }

  /** The rounds the person is under review in: by the frozen electorate once open, by their org's subtree before. */
  Future<List<Voted>> mine(UUID person) {
    return pool.preparedQuery("""
            SELECT r.id, r.org_id, r.year, r.opens_at, r.closes_at,
                   EXISTS (SELECT 1 FROM review_ballots b WHERE b.review_id = r.id AND b.voter_id = p.id) AS voted
            FROM persons p JOIN orgs o ON o.id = p.org_id JOIN reviews r ON r.org_id = ANY(o.ancestry)
            WHERE p.id = $1 AND p.stage IN ('probationary', 'full') AND r.frozen_at IS NULL
            UNION ALL
            SELECT r.id, r.org_id, r.year, r.opens_at, r.closes_at,
                   EXISTS (SELECT 1 FROM review_ballots b WHERE b.review_id = r.id AND b.voter_id = e.person_id) AS voted
            FROM review_electorate e JOIN reviews r ON r.id = e.review_id WHERE e.person_id = $1
            ORDER BY opens_at DESC LIMIT 20
            """).execute(Tuple.of(person)).map(ReviewRepository::voted);
  }

  Future<List<Voted>> ofOrg(UUID orgId, UUID viewer) {
    return pool.preparedQuery("""
            SELECT r.id, r.org_id, r.year, r.opens_at, r.closes_at,
                   EXISTS (SELECT 1 FROM review_ballots b WHERE b.review_id = r.id AND b.voter_id = $2) AS voted
            FROM reviews r WHERE r.org_id = $1 ORDER BY r.opens_at DESC LIMIT 50
            """).execute(Tuple.of(orgId, viewer)).map(ReviewRepository::voted);
  }

  /** The rounds of a year at the orgs of a subtree, by org name: (id, org name). */
  Future<List<Map.Entry<UUID, String>>> inSubtree(UUID orgId, int year) {
    return pool.preparedQuery("""
            SELECT r.id, o.name FROM reviews r JOIN orgs o ON o.id = r.org_id
            WHERE $1 = ANY(o.ancestry) AND r.year = $2 ORDER BY o.name, r.opens_at
            """).execute(Tuple.of(orgId, year)).map(rows -> {
              List<Map.Entry<UUID, String>> rounds = new ArrayList<>();
              rows.forEach(r -> rounds.add(Map.entry(r.getUUID("id"), r.getString("name"))));
              return rounds;
            });
  }

  Future<Long> ballots(UUID review) {
    return pool.preparedQuery("SELECT count(*) FROM review_ballots WHERE review_id = $1").execute(Tuple.of(review))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
