package cn.zhibu.dues;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of the orders paid with WeChat Pay; the payment itself is written by {@link DuesRepository#pay}. */
final class DuesOrderRepository {
  private final Pool pool;

  DuesOrderRepository(Pool pool) {
    this.pool = pool;
  }

  /** An order as stored. */
  record Stored(UUID id, String outTradeNo, UUID personId, UUID orgId, List<String> months, int amountFen,
      String openid, String status, String prepayId, String transactionId, OffsetDateTime createdAt,
      OffsetDateTime paidAt) {
  }

  /** A member paying: where they are, and the openid WeChat Pay knows them by. */
  record Payer(UUID orgId, String stage, String openid) {
  }

  Future<Payer> payer(UUID personId) {
    return pool.preparedQuery("SELECT org_id, stage, openid FROM persons WHERE id = $1 AND anonymised_at IS NULL")
        .execute(Tuple.of(personId)).map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Payer(r.getUUID("org_id"), r.getString("stage"), r.getString("openid"));
        });
  }

  /** Of these months, those the person has paid already. */
  Future<List<String>> paidOf(SqlClient client, UUID personId, List<String> months) {
    return client.preparedQuery("SELECT month FROM dues_paid_months WHERE person_id = $1 AND month = ANY($2) ORDER BY month")
        .execute(Tuple.of(personId, (Object) months.toArray(String[]::new))).map(rows -> {
          List<String> out = new ArrayList<>();
          rows.forEach(r -> out.add(r.getString("month")));
          return out;
        });
  }

  /** A new pending order holding its months (a month already held by an open order: the unique key refuses it). */
  Future<Void> insert(SqlClient tx, UUID id, String outTradeNo, UUID personId, UUID orgId, List<String> months,
      int amountFen, String openid) {
    return tx.preparedQuery("""
            INSERT INTO dues_orders (id, out_trade_no, person_id, org_id, months, amount_fen, openid)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """).execute(Tuple.of(id, outTradeNo, personId, orgId, months.toArray(String[]::new), amountFen, openid))
        .compose(v -> tx.preparedQuery("""
            INSERT INTO dues_order_months (person_id, month, order_id) SELECT $1, unnest($2::text[]), $3
            """).execute(Tuple.of(personId, months.toArray(String[]::new), id))).mapEmpty();
  }

  Future<Void> prepaid(UUID id, String prepayId) {
    return pool.preparedQuery("UPDATE dues_orders SET prepay_id = $2 WHERE id = $1").execute(Tuple.of(id, prepayId))
        .mapEmpty();
  }

  private static final String COLUMNS = """
      SELECT id, out_trade_no, person_id, org_id, months, amount_fen, openid, status, prepay_id, transaction_id,
             created_at, paid_at FROM dues_orders""";

  private static Stored stored(Row r) {
    return new Stored(r.getUUID("id"), r.getString("out_trade_no"), r.getUUID("person_id"), r.getUUID("org_id"),
        List.of(r.getArrayOfStrings("months")), r.getInteger("amount_fen"), r.getString("openid"), r.getString("status"),
        r.getString("prepay_id"), r.getString("transaction_id"), r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("paid_at"));
  }

  Future<Stored> find(UUID id) {
    return pool.preparedQuery(COLUMNS + " WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
  }

  /** The order by its out_trade_no, locked for the transaction that records what WeChat Pay said of it. */
  Future<Stored> lock(SqlClient tx, String outTradeNo) {
    return tx.preparedQuery(COLUMNS + " WHERE out_trade_no = $1 FOR UPDATE").execute(Tuple.of(outTradeNo))
        .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
  }

  /** Pending orders created before {@code before}, oldest first (to query and close). */
  Future<List<Stored>> stale(OffsetDateTime before, int limit) {
    return pool.preparedQuery(COLUMNS + " WHERE status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2")
        .execute(Tuple.of(before, limit)).map(rows -> {
          List<Stored> out = new ArrayList<>();
          rows.forEach(r -> out.add(stored(r)));
          return out;
        });
  }

  /** Paid: the payment it became; its months are no longer held (they are paid). */
  Future<Void> paid(SqlClient tx, UUID id, String transactionId, UUID paymentId) {
    return tx.preparedQuery("""
            UPDATE dues_orders SET status = 'paid', transaction_id = $2, payment_id = $3, paid_at = now() WHERE id = $1
            """).execute(Tuple.of(id, transactionId, paymentId))
        .compose(v -> release(tx, id));
  }

  /** Paid on WeChat Pay for a month paid meanwhile at the desk: refunded whole, its months released. */
  Future<Void> refunding(SqlClient tx, UUID id, String transactionId, String refundNo) {
    return tx.preparedQuery("""
            UPDATE dues_orders SET status = 'refunded', transaction_id = $2, refund_no = $3, paid_at = now() WHERE id = $1
            """).execute(Tuple.of(id, transactionId, refundNo))
        .compose(v -> release(tx, id));
  }

  /** Closed unpaid; its months may be ordered again. */
  Future<Boolean> close(UUID id) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
            UPDATE dues_orders SET status = 'closed', closed_at = now() WHERE id = $1 AND status = 'pending'
            """).execute(Tuple.of(id)).compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture(false)
        : release(tx, id).map(true)));
  }

  private Future<Void> release(SqlClient tx, UUID id) {
    return tx.preparedQuery("DELETE FROM dues_order_months WHERE order_id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  /** Marks a payment as made through WeChat Pay (the desk's are 'desk'). */
  Future<Void> online(SqlClient tx, UUID paymentId) {
    return tx.preparedQuery("UPDATE dues_payments SET channel = 'wechat_pay' WHERE id = $1").execute(Tuple.of(paymentId))
        .mapEmpty();
  }

  /** Orders to refund whose refund WeChat Pay has not accepted yet: (out_trade_no, refund_no, amount). */
  record Refund(UUID id, String outTradeNo, String refundNo, int amountFen) {
  }

  Future<List<Refund>> refundsToSend() {
    return pool.query("""
            SELECT id, out_trade_no, refund_no, amount_fen FROM dues_orders
            WHERE status = 'refunded' AND refund_sent_at IS NULL ORDER BY paid_at LIMIT 100
            """).execute().map(rows -> {
              List<Refund> out = new ArrayList<>();
              rows.forEach(r -> out.add(new Refund(r.getUUID("id"), r.getString("out_trade_no"), r.getString("refund_no"),
                  r.getInteger("amount_fen"))));
              return out;
            });
  }

  Future<Void> refundSent(String outTradeNo) {
    return pool.preparedQuery("UPDATE dues_orders SET refund_sent_at = now() WHERE out_trade_no = $1")
        .execute(Tuple.of(outTradeNo)).mapEmpty();
  }

  /** An order with its org's place in the tree, for reconciling a merchant-wide bill against one subtree. */
  record Placed(String outTradeNo, String status, int amountFen, String transactionId, UUID orgId, List<UUID> ancestry,
      String name) {
  }

  private static final String PLACED = """
      SELECT d.out_trade_no, d.status, d.amount_fen, d.transaction_id, d.org_id, o.ancestry, p.name
      FROM dues_orders d JOIN orgs o ON o.id = d.org_id JOIN persons p ON p.id = d.person_id""";

  private static List<Placed> placed(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Placed> out = new ArrayList<>();
    rows.forEach(r -> out.add(new Placed(r.getString("out_trade_no"), r.getString("status"), r.getInteger("amount_fen"),
        r.getString("transaction_id"), r.getUUID("org_id"), java.util.Arrays.asList(r.getArrayOfUUIDs("ancestry")),
        r.getString("name"))));
    return out;
  }

  /** Orders of the subtree recorded paid (or refunded) within the period. */
  Future<List<Placed>> settled(UUID orgId, OffsetDateTime from, OffsetDateTime to) {
    return pool.preparedQuery(PLACED + " WHERE $1 = ANY(o.ancestry) AND d.status IN ('paid', 'refunded')"
            + " AND d.paid_at >= $2 AND d.paid_at < $3 ORDER BY d.paid_at").execute(Tuple.of(orgId, from, to)).map(DuesOrderRepository::placed);
  }

  /** The orders of these out_trade_nos that zhibu has, wherever they are. */
  Future<List<Placed>> known(List<String> outTradeNos) {
    return pool.preparedQuery(PLACED + " WHERE d.out_trade_no = ANY($1)")
        .execute(Tuple.of((Object) outTradeNos.toArray(String[]::new))).map(DuesOrderRepository::placed);
  }
}
