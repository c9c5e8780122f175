package cn.zhibu.dues;

import cn.zhibu.platform.Exports;
import cn.zhibu.platform.WorkbookExport;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The dues tables: rates, bases per person and year, payments and the months they paid. */
final class DuesRepository {
  private final Pool pool;

  DuesRepository(Pool pool) {
    this.pool = pool;
  }

  Future<DuesRates> rates() {
    return pool.query("SELECT category, up_to_fen, permille, flat_fen FROM dues_rates").execute().map(rows -> {
      List<DuesRates.Band> bands = new ArrayList<>();
      rows.forEach(r -> bands.add(new DuesRates.Band(r.getString("category"), r.getLong("up_to_fen"),
          r.getInteger("permille"), r.getInteger("flat_fen"))));
      return new DuesRates(bands);
    });
  }

  /** Of these people, those whose home org is in the subtree of {@code orgId}. */
  Future<List<UUID>> onRosterUnder(UUID orgId, List<UUID> people) {
    return pool.preparedQuery("""
            SELECT p.id FROM persons p JOIN orgs o ON o.id = p.org_id
            WHERE p.id = ANY($1) AND $2 = ANY(o.ancestry) AND p.anonymised_at IS NULL
            """).execute(Tuple.of(people.toArray(UUID[]::new), orgId)).map(rows -> {
              List<UUID> ids = new ArrayList<>();
              rows.forEach(r -> ids.add(r.getUUID("id")));
              return ids;
            });
  }

  record Base(UUID personId, String category, Long monthlyBaseFen, int monthlyDueFen) {
  }

  /** Sets (or replaces) the year's bases of all these people in one statement. */
  Future<Void> setBases(SqlClient tx, int year, List<Base> bases, UUID setBy) {
    Long[] baseFen = bases.stream().map(Base::monthlyBaseFen).toArray(Long[]::new);
    return tx.preparedQuery("""
            INSERT INTO dues_bases (person_id, year, category, monthly_base_fen, monthly_due_fen, set_by)
            SELECT t.person, $2, t.category, t.base, t.due, $6
            FROM unnest($1::uuid[], $3::text[], $4::bigint[], $5::int[]) AS t(person, category, base, due)
            ON CONFLICT (person_id, year) DO UPDATE SET category = excluded.category,
              monthly_base_fen = excluded.monthly_base_fen, monthly_due_fen = excluded.monthly_due_fen,
              set_by = excluded.set_by, set_at = now()
            """).execute(Tuple.tuple().addArrayOfUUID(bases.stream().map(Base::personId).toArray(UUID[]::new))
            .addInteger(year).addArrayOfString(bases.stream().map(Base::category).toArray(String[]::new))
            .addArrayOfLong(baseFen)
            .addArrayOfInteger(bases.stream().map(Base::monthlyDueFen).toArray(Integer[]::new)).addUUID(setBy))
        .mapEmpty();
  }

  Future<Base> base(UUID personId, int year) {
    return pool.preparedQuery("""
            SELECT person_id, category, monthly_base_fen, monthly_due_fen FROM dues_bases WHERE person_id = $1 AND year = $2
            """).execute(Tuple.of(personId, year)).map(rows -> rows.size() == 0 ? null : base(rows.iterator().next()));
  }

  private static Base base(Row r) {
    return new Base(r.getUUID("person_id"), r.getString("category"), r.getLong("monthly_base_fen"),
        r.getInteger("monthly_due_fen"));
  }

  /** Records a payment for these months; false when any of them was already paid (nothing is written then). */
  Future<Boolean> pay(SqlClient tx, UUID id, UUID personId, UUID orgId, int amountFen, List<String> months, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO dues_payments (id, person_id, org_id, amount_fen, recorded_by, month_count, last_month)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """).execute(Tuple.of(id, personId, orgId, amountFen, by, months.size(),
            months.stream().max(String::compareTo).orElseThrow()))
        .compose(v -> tx.preparedQuery("""
            INSERT INTO dues_paid_months (person_id, month, payment_id) SELECT $1, unnest($2::text[]), $3
            ON CONFLICT DO NOTHING
            """).execute(Tuple.of(personId, months.toArray(String[]::new), id)))
        .map(inserted -> inserted.rowCount() == months.size());
  }

  /** One row per person on the rosters of the subtree ($1) by number: their base for year $3 and its months paid. */
  private static final String LEDGER = """
            WITH people AS MATERIALIZED (
              SELECT p.id, p.number, p.name FROM persons p JOIN orgs o ON o.id = p.org_id
              WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full')
            ), paid AS (
              -- A payment counts in a year for the months of it that fall there: its amount spread over its months
              -- in whole fen, the remainder on its last month, so years add up to the payment exactly.
              SELECT x.person_id, array_agg(x.month ORDER BY x.month) AS months,
                     sum(d.amount_fen / d.month_count
                         + CASE WHEN x.month = d.last_month THEN d.amount_fen % d.month_count ELSE 0 END) AS paid_fen
              FROM people JOIN dues_paid_months x ON x.person_id = people.id AND x.month LIKE $2 || '-%'
              JOIN dues_payments d ON d.id = x.payment_id
              GROUP BY x.person_id
            )
            SELECT people.id, people.number, people.name, b.category, b.monthly_due_fen,
                   coalesce(paid.months, '{}') AS months, coalesce(paid.paid_fen, 0) AS paid_fen
            FROM people LEFT JOIN dues_bases b ON b.person_id = people.id AND b.year = $3
            LEFT JOIN paid ON paid.person_id = people.id
            ORDER BY people.number
            """;

  /** A member's line of the ledger as stored: base, what was paid and the months. */
  record Ledgered(UUID id, String name, String number, String category, Integer monthlyDueFen, Long paidFen,
      List<String> months) {
  }

  /** One row of {@link #LEDGER} (also for the rows an export reads a chunk at a time). */
  static Ledgered ledgered(Row r) {
    return new Ledgered(r.getUUID("id"), r.getString("name"), r.getString("number"), r.getString("category"),
        r.getInteger("monthly_due_fen"), r.getLong("paid_fen"), List.of(r.getArrayOfStrings("months")));
  }

  /** The ledger's rows (see {@link #LEDGER}). */
  Future<List<Ledgered>> ledger(UUID orgId, int year) {
    return pool.preparedQuery(LEDGER).execute(Tuple.of(orgId, String.valueOf(year), year)).map(rows -> {
      List<Ledgered> list = new ArrayList<>();
      rows.forEach(r -> list.add(ledgered(r)));
      return list;
    });
  }

  /** The same rows a chunk at a time, for a spreadsheet of a whole school. */
  WorkbookExport.Rows ledgerInChunks(Exports exports, UUID orgId, int year) {
    return exports.rows(LEDGER, Tuple.of(orgId, String.valueOf(year), year));
  }

  Future<List<String>> paidMonths(UUID personId, int year) {
    return pool.preparedQuery("SELECT month FROM dues_paid_months WHERE person_id = $1 AND month LIKE $2 || '-%' ORDER BY month")
        .execute(Tuple.of(personId, String.valueOf(year))).map(rows -> {
          List<String> months = new ArrayList<>();
          rows.forEach(r -> months.add(r.getString("month")));
          return months;
        });
  }
}
