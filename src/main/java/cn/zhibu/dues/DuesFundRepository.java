package cn.zhibu.dues;

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

/** Every query of a branch's 党费 money: 上缴, 返还, spending, and what its members paid (at the desk and online). */
final class DuesFundRepository {
  private final Pool pool;

  DuesFundRepository(Pool pool) {
    this.pool = pool;
  }

  /** What the subtree's members paid in the period, and of it what came through WeChat Pay; and how many they are. */
  record Collected(long members, long totalFen, long onlineFen) {
  }

  Future<Void> insert(SqlClient tx, UUID id, UUID orgId, String direction, int amountFen, LocalDate on, String note,
      UUID by) {
    return tx.preparedQuery("""
            INSERT INTO dues_fund_entries (id, org_id, direction, amount_fen, on_date, note, recorded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """).execute(Tuple.tuple().addUUID(id).addUUID(orgId).addString(direction).addInteger(amountFen)
            .addLocalDate(on).addString(note).addUUID(by)).mapEmpty();
  }

  Future<List<DuesFunds.Entry>> entries(UUID orgId, LocalDate from, LocalDate to) {
    return pool.preparedQuery("""
            SELECT e.id, e.direction, e.amount_fen, e.on_date, e.note, p.name AS recorded_by
            FROM dues_fund_entries e LEFT JOIN persons p ON p.id = e.recorded_by
            WHERE e.org_id = $1 AND e.on_date >= $2 AND e.on_date < $3 ORDER BY e.on_date, e.recorded_at
            """).execute(Tuple.of(orgId, from, to)).map(rows -> {
              List<DuesFunds.Entry> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(new DuesFunds.Entry(r.getUUID("id"), r.getString("direction"), r.getInteger("amount_fen"),
                    r.getLocalDate("on_date").toString(), r.getString("note"), r.getString("recorded_by")));
              }
              return out;
            });
  }

  Future<Collected> collected(UUID orgId, OffsetDateTime from, OffsetDateTime to) {
    return pool.preparedQuery("""
            SELECT (SELECT count(*) FROM persons p JOIN orgs o ON o.id = p.org_id
                    WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full')) AS members,
                   coalesce(sum(d.amount_fen), 0) AS total,
                   coalesce(sum(d.amount_fen) FILTER (WHERE d.channel = 'wechat_pay'), 0) AS online
            FROM dues_payments d JOIN orgs o ON o.id = d.org_id
            WHERE $1 = ANY(o.ancestry) AND d.recorded_at >= $2 AND d.recorded_at < $3
            """).execute(Tuple.of(orgId, from, to)).map(rows -> {
              Row r = rows.iterator().next();
              return new Collected(r.getLong("members"), r.getLong("total"), r.getLong("online"));
            });
  }
}
