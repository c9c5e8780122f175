package cn.zhibu.course;

import static cn.zhibu.platform.Times.utc;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of micro-course contests: the contest, its entries, and the votes counted from PostgreSQL. */
final class ContestRepository {
  /** A contest as stored. */
  record Contest(UUID id, UUID orgId, String title, Instant endsAt) {
  }

  /** An entry with its votes, in rank order. */
  record Entry(UUID entryId, UUID courseId, String title, String branch, long votes) {
  }

  private final Pool pool;

  ContestRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Void> insert(Contest c, UUID by, Instant at) {
    return pool.preparedQuery("""
            INSERT INTO contests (id, org_id, title, ends_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
            """).execute(Tuple.of(c.id(), c.orgId(), c.title(), utc(c.endsAt()), by, utc(at))).mapEmpty();
  }

  /** The contest, or null. */
  Future<Contest> find(UUID id) {
    return pool.preparedQuery("SELECT id, org_id, title, ends_at FROM contests WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row c = rows.iterator().next();
          return new Contest(c.getUUID("id"), c.getUUID("org_id"), c.getString("title"),
              c.getOffsetDateTime("ends_at").toInstant());
        });
  }

  /** The org of a course, or null when there is no such course. */
  Future<UUID> courseOrg(UUID courseId) {
    return pool.preparedQuery("SELECT org_id FROM courses WHERE id = $1").execute(Tuple.of(courseId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("org_id"));
  }

  /** Enters the course; false when it was already entered. */
  Future<Boolean> enter(UUID contestId, UUID courseId, UUID branchId, UUID by, Instant at) {
    return pool.preparedQuery("""
            INSERT INTO contest_entries (id, contest_id, course_id, branch_id, submitted_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """).execute(Tuple.of(UUID.randomUUID(), contestId, courseId, branchId, by, utc(at)))
        .map(true)
        .recover(err -> err instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? Future.succeededFuture(false) : Future.failedFuture(err));
  }

  /** One vote a day: false when the person already voted in this contest today, or the entry is not in it. */
  Future<Boolean> vote(UUID contestId, UUID entryId, UUID person, LocalDate day, Instant at) {
    return pool.preparedQuery("""
            INSERT INTO contest_votes (contest_id, entry_id, person_id, day, at)
            SELECT $1, e.id, $3, $4, $5 FROM contest_entries e WHERE e.id = $2 AND e.contest_id = $1
            ON CONFLICT DO NOTHING
            """).execute(Tuple.of(contestId, entryId, person, day, utc(at))).map(inserted -> inserted.rowCount() == 1);
  }

  Future<Boolean> entryExists(UUID contestId, UUID entryId) {
    return pool.preparedQuery("SELECT 1 FROM contest_entries WHERE id = $1 AND contest_id = $2")
        .execute(Tuple.of(entryId, contestId)).map(rows -> rows.size() > 0);
  }

  /** The entries ranked by votes (ties: the earlier entry first). */
  Future<List<Entry>> ranking(UUID contestId) {
    return pool.preparedQuery("""
            SELECT e.id, e.course_id, c.title, o.name AS branch,
                   (SELECT count(*) FROM contest_votes v WHERE v.entry_id = e.id) AS votes
            FROM contest_entries e JOIN courses c ON c.id = e.course_id JOIN orgs o ON o.id = e.branch_id
            WHERE e.contest_id = $1 ORDER BY votes DESC, e.created_at
            """).execute(Tuple.of(contestId))
        .map(rows -> {
          List<Entry> entries = new ArrayList<>(rows.size());
          for (Row row : rows) {
            entries.add(new Entry(row.getUUID("id"), row.getUUID("course_id"), row.getString("title"),
                row.getString("branch"), row.getLong("votes")));
          }
          return entries;
        });
  }
}
