package cn.zhibu.assessment;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The figures of the year's indicators that are read straight from the records of other features (dues, 民主评议,
 * 谈心谈话, 整改), one statement each for every branch assessed. Read-only: the assessment never writes them.
 */
final class IndicatorRepository {
  private final Pool pool;

  IndicatorRepository(Pool pool) {
    this.pool = pool;
  }

  private static UUID[] ids(List<UUID> branches) {
    return branches.toArray(UUID[]::new);
  }

  /**
   * 党费: of the months owed (a base above zero for the year, the months given), those paid by the end of the month
   * (Beijing time); the evidence names who paid late or not at all.
   */
  Future<Map<UUID, Indicators.Computed>> dues(List<UUID> branches, int year, List<String> months) {
    return pool.preparedQuery("""
            SELECT p.org_id, p.name, count(*)::int AS owed,
                   count(d.month) FILTER (WHERE to_char(pay.recorded_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') <= m.month)::int AS on_time,
                   count(d.month)::int AS paid
            FROM persons p JOIN dues_bases b ON b.person_id = p.id AND b.year = $2 AND b.monthly_due_fen > 0
            CROSS JOIN unnest($3::text[]) AS m(month)
            LEFT JOIN dues_paid_months d ON d.person_id = p.id AND d.month = m.month
            LEFT JOIN dues_payments pay ON pay.id = d.payment_id
            WHERE p.org_id = ANY($1) AND p.anonymised_at IS NULL
            GROUP BY p.org_id, p.id, p.name ORDER BY p.org_id, p.name
            """).execute(Tuple.tuple().addArrayOfUUID(ids(branches)).addInteger(year)
            .addArrayOfString(months.toArray(String[]::new)))
        .map(rows -> {
          Map<UUID, long[]> sums = new HashMap<>();
          Map<UUID, List<String>> evidence = new HashMap<>();
          for (Row r : rows) {
            UUID org = r.getUUID("org_id");
            long[] s = sums.computeIfAbsent(org, k -> new long[2]);
            s[0] += r.getInteger("owed");
            s[1] += r.getInteger("on_time");
            int unpaid = r.getInteger("owed") - r.getInteger("paid");
            int late = r.getInteger("paid") - r.getInteger("on_time");
            if (unpaid > 0 || late > 0) {
              evidence.computeIfAbsent(org, k -> new ArrayList<>()).add((r.getString("name") == null ? "" : r.getString("name"))
                  + (unpaid > 0 ? "：欠交 " + unpaid + " 个月" : "：") + (late > 0 ? (unpaid > 0 ? "，" : "") + "逾期交纳 " + late + " 个月" : ""));
            }
          }
          Map<UUID, Indicators.Computed> out = new HashMap<>();
          for (UUID b : branches) {
            long[] s = sums.getOrDefault(b, new long[2]);
            out.put(b, new Indicators.Computed(Indicators.share(s[1], s[0]),
                s[0] == 0 ? List.of("本年未核定党费") : evidence.getOrDefault(b, List.of())));
          }
          return out;
        });
  }

  /** 民主评议党员: a round of the year closed by {@code at} counts as done. */
  Future<Map<UUID, Indicators.Computed>> review(List<UUID> branches, int year, Instant at) {
    return pool.preparedQuery("""
            SELECT org_id, to_char(closes_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS closed
            FROM reviews WHERE org_id = ANY($1) AND year = $2 AND closes_at <= $3
            """).execute(Tuple.tuple().addArrayOfUUID(ids(branches)).addInteger(year)
            .addOffsetDateTime(at.atOffset(java.time.ZoneOffset.UTC)))
        .map(rows -> {
          Map<UUID, String> done = new HashMap<>();
          rows.forEach(r -> done.put(r.getUUID("org_id"), r.getString("closed")));
          Map<UUID, Indicators.Computed> out = new HashMap<>();
          for (UUID b : branches) {
            out.put(b, done.containsKey(b) ? new Indicators.Computed(1.0, List.of("民主评议于 " + done.get(b) + " 结束"))
                : new Indicators.Computed(0.0, List.of(year + " 年未开展民主评议党员")));
          }
          return out;
        });
  }

  /** 谈心谈话: of the branch's party members, the share talked with in the year; the evidence names the others. */
  Future<Map<UUID, Indicators.Computed>> talks(List<UUID> branches, LocalDate from, LocalDate to) {
    return pool.preparedQuery("""
            SELECT p.org_id, p.name,
                   EXISTS (SELECT 1 FROM talk_people tp JOIN talks t ON t.id = tp.talk_id
                           WHERE tp.person_id = p.id AND t.talked_on BETWEEN $2 AND $3) AS talked
            FROM persons p
            WHERE p.org_id = ANY($1) AND p.stage IN ('probationary', 'full') AND p.anonymised_at IS NULL
            ORDER BY p.org_id, p.number
            """).execute(Tuple.tuple().addArrayOfUUID(ids(branches)).addLocalDate(from).addLocalDate(to))
        .map(rows -> {
          Map<UUID, long[]> sums = new HashMap<>();
          Map<UUID, List<String>> missing = new HashMap<>();
          for (Row r : rows) {
            long[] s = sums.computeIfAbsent(r.getUUID("org_id"), k -> new long[2]);
            s[0]++;
            if (r.getBoolean("talked")) {
              s[1]++;
            } else {
              missing.computeIfAbsent(r.getUUID("org_id"), k -> new ArrayList<>()).add(r.getString("name") + " 本年未谈话");
            }
          }
          Map<UUID, Indicators.Computed> out = new HashMap<>();
          for (UUID b : branches) {
            long[] s = sums.getOrDefault(b, new long[2]);
            out.put(b, new Indicators.Computed(Indicators.share(s[1], s[0]), missing.getOrDefault(b, List.of())));
          }
          return out;
        });
  }

  /** 整改: of the items due in the year, the share verified by their deadline; none due is full marks. */
  Future<Map<UUID, Indicators.Computed>> rectification(List<UUID> branches, LocalDate from, LocalDate to) {
    return pool.preparedQuery("""
            SELECT org_id, title, due_on,
                   verified_at IS NOT NULL AND (verified_at AT TIME ZONE 'Asia/Shanghai')::date <= due_on AS on_time
            FROM rectifications WHERE org_id = ANY($1) AND due_on BETWEEN $2 AND $3 ORDER BY org_id, due_on
            """).execute(Tuple.tuple().addArrayOfUUID(ids(branches)).addLocalDate(from).addLocalDate(to))
        .map(rows -> {
          Map<UUID, long[]> sums = new HashMap<>();
          Map<UUID, List<String>> late = new HashMap<>();
          for (Row r : rows) {
            long[] s = sums.computeIfAbsent(r.getUUID("org_id"), k -> new long[2]);
            s[0]++;
            if (r.getBoolean("on_time")) {
              s[1]++;
            } else {
              late.computeIfAbsent(r.getUUID("org_id"), k -> new ArrayList<>())
                  .add("整改“" + r.getString("title") + "”未在 " + r.getLocalDate("due_on") + " 前通过验收");
            }
          }
          Map<UUID, Indicators.Computed> out = new HashMap<>();
          for (UUID b : branches) {
            long[] s = sums.get(b);
            out.put(b, s == null ? new Indicators.Computed(1.0, List.of("本年无到期整改事项"))
                : new Indicators.Computed(Indicators.share(s[1], s[0]), late.getOrDefault(b, List.of())));
          }
          return out;
        });
  }

  /**
   * 学时: of the branch's party members, the share who met the year's requirement ({@link
   * cn.zhibu.course.StudyCredit#meets}: 32 h, or 56 h with a 集中培训 for a leader); the evidence names the others.
   */
  Future<Map<UUID, Indicators.Computed>> study(UUID rootId, List<UUID> branches, int year) {
    return pool.preparedQuery("""
            SELECT p.org_id, p.name, credited_hours(h.online, h.collective) AS hours, h.trained,
                   EXISTS (SELECT 1 FROM org_roles r WHERE r.person_id = p.id AND leader_role(r.role)) AS leader
            FROM study_hours_in($1, $2) h JOIN persons p ON p.id = h.person_id
            WHERE p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full') AND p.org_id = ANY($3)
            ORDER BY p.org_id, p.number
            """).execute(Tuple.tuple().addUUID(rootId).addInteger(year).addArrayOfUUID(ids(branches)))
        .map(rows -> {
          Map<UUID, long[]> sums = new HashMap<>();
          Map<UUID, List<String>> short_ = new HashMap<>();
          for (Row r : rows) {
            double hours = r.getBigDecimal("hours").doubleValue();
            boolean leader = r.getBoolean("leader");
            long[] s = sums.computeIfAbsent(r.getUUID("org_id"), k -> new long[2]);
            s[0]++;
            if (cn.zhibu.course.StudyCredit.meets(hours, leader, true, r.getBoolean("trained"))) {
              s[1]++;
            } else {
              short_.computeIfAbsent(r.getUUID("org_id"), k -> new ArrayList<>()).add(r.getString("name") + "："
                  + Math.round(hours * 10) / 10.0 + "/" + cn.zhibu.course.StudyCredit.requiredHours(leader, true) + " 学时");
            }
          }
          Map<UUID, Indicators.Computed> out = new HashMap<>();
          for (UUID b : branches) {
            long[] s = sums.getOrDefault(b, new long[2]);
            out.put(b, new Indicators.Computed(Indicators.share(s[1], s[0]), short_.getOrDefault(b, List.of())));
          }
          return out;
        });
  }

  /** 我为群众办实事: of the requests the branch received in the year, the share resolved; the evidence gives satisfaction. */
  Future<Map<UUID, Indicators.Computed>> requests(List<UUID> branches, Instant from, Instant to) {
    return pool.preparedQuery("""
            SELECT org_id, count(*)::int AS received,
                   count(*) FILTER (WHERE status IN ('resolved', 'closed'))::int AS resolved,
                   avg(rating)::float8 AS rating,
                   (array_agg(title ORDER BY created_at) FILTER (WHERE status NOT IN ('resolved', 'closed', 'rejected')))[1:10] AS open
            FROM requests WHERE org_id = ANY($1) AND created_at >= $2 AND created_at < $3 AND status <> 'rejected'
            GROUP BY org_id""").execute(Tuple.tuple().addArrayOfUUID(ids(branches))
            .addOffsetDateTime(from.atOffset(java.time.ZoneOffset.UTC)).addOffsetDateTime(to.atOffset(java.time.ZoneOffset.UTC)))
        .map(rows -> {
          Map<UUID, Indicators.Computed> out = new HashMap<>();
          for (Row r : rows) {
            List<String> evidence = new ArrayList<>();
            evidence.add("收到 " + r.getInteger("received") + " 件，办结 " + r.getInteger("resolved") + " 件"
                + (r.getDouble("rating") == null ? "" : "，满意度 " + Math.round(r.getDouble("rating") * 10) / 10.0 + " / 5"));
            String[] open = r.getArrayOfStrings("open");
            if (open != null) {
              for (String t : open) {
                evidence.add("未办结：" + t);
              }
            }
            out.put(r.getUUID("org_id"), new Indicators.Computed(Indicators.share(r.getInteger("resolved"),
                r.getInteger("received")), evidence));
          }
          for (UUID b : branches) {
            out.putIfAbsent(b, new Indicators.Computed(null, List.of("本年未收到诉求")));
          }
          return out;
        });
  }
}
