package cn.zhibu.demo;

import cn.zhibu.org.Org;
import cn.zhibu.platform.Hashing;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Dev mode's demo school ({@code ZHIBU_DEMO=true}): two colleges (the first with its own admin), four branches, a
 * secretary and members in each, already bound to fake-WeChat openids so a newcomer can log in with curl at once. Seeded once;
 * later starts find it and only print the logins again.
 */
public final class DemoSchool {
  private static final String[][] COLLEGES = {
      {"计算机学院党委", "计算机学院教工党支部", "计算机学院学生第一党支部"},
      {"马克思主义学院党总支", "马克思主义学院教工党支部", "马克思主义学院研究生党支部"}};
  private static final String[] MEMBER_NAMES = {"王芳", "李强", "张伟", "刘洋", "陈静"};
  private final Pool pool;
  private final Org root;

  public DemoSchool(Pool pool, Org root) {
    this.pool = pool;
    this.root = root;
  }

  public Future<Void> seed() {
    return pool.preparedQuery("SELECT 1 FROM persons WHERE openid = 'demo-admin'").execute()
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture(List.<String>of()) : pool.withTransaction(this::create))
        .map(codes -> {
          print(codes);
          return null;
        });
  }

  private Future<List<String>> create(SqlClient tx) {
    List<String> activation = new ArrayList<>();
    Future<Void> chain = person(tx, "demo-admin", "D0000", "组织部管理员", null, root.id(), "admin");
    int branchNo = 0;
    for (String[] college : COLLEGES) {
      UUID collegeId = UUID.randomUUID();
      chain = chain.compose(v -> org(tx, collegeId, root.id(), college[0], "college", root.id()));
      if (college == COLLEGES[0]) {
        // the college's own desk: an admin of 计算机学院党委 (its 组织员), who sees its branches and nothing else
        chain = chain.compose(v -> person(tx, "demo-college-1", "D0001", "学院组织员", null, collegeId, "admin"));
      }
      for (int b = 1; b < college.length; b++) {
        int n = ++branchNo;
        UUID branchId = UUID.randomUUID();
        String name = college[b];
        chain = chain.compose(v -> org(tx, branchId, collegeId, name, "branch", root.id(), collegeId))
            .compose(v -> person(tx, "demo-sec-" + n, "S" + n + "000", "书记" + n, "full", branchId, "secretary"));
        for (int m = 1; m <= MEMBER_NAMES.length; m++) {
          int k = m;
          chain = chain.compose(v -> person(tx, "demo-m-" + n + "-" + k, "S" + n + "00" + k,
              MEMBER_NAMES[k - 1] + n, k == MEMBER_NAMES.length ? "probationary" : "full", branchId, null));
        }
        String code = Hashing.readableCode(8);
        activation.add("S" + n + "100 积极分子" + n + " " + code);
        chain = chain.compose(v -> tx.preparedQuery("""
            INSERT INTO persons (id, number, name, stage, org_id, activation_hash) VALUES ($1, $2, $3, 'activist', $4, $5)
            """).execute(Tuple.of(UUID.randomUUID(), "S" + n + "100", "积极分子" + n, branchId, Hashing.sha256(code)))
            .mapEmpty());
      }
    }
    return chain.compose(v -> categoriesAndTerms(tx)).map(activation);
  }

  /**
   * 党内统计 and 换届 have something to show: 教工 branches and their people are teachers, the others students;
   * 书记1 is a 双带头人 (书记3 not yet); one branch's term ends within 90 days, one is overdue, the rest run, one
   * college's term is not recorded.
   */
  private static Future<Void> categoriesAndTerms(SqlClient tx) {
    return tx.query("""
            UPDATE orgs SET category = CASE WHEN name LIKE '%教工%' THEN 'teacher' ELSE 'student' END,
              term_started_on = CASE name
                WHEN '计算机学院教工党支部' THEN current_date - interval '34 months'
                WHEN '计算机学院学生第一党支部' THEN current_date - interval '37 months'
                ELSE current_date - interval '1 year' END
            WHERE kind = 'branch'""").execute()
        .compose(v -> tx.query("UPDATE orgs SET term_started_on = current_date - interval '2 years' "
            + "WHERE name = '计算机学院党委'").execute())
        .compose(v -> tx.query("UPDATE persons p SET category = o.category FROM orgs o WHERE o.id = p.org_id "
            + "AND o.kind = 'branch'").execute())
        .compose(v -> tx.query("UPDATE persons SET dual_leader = true WHERE openid = 'demo-sec-1'").execute())
        .mapEmpty();
  }

  private static Future<Void> org(SqlClient tx, UUID id, UUID parent, String name, String kind, UUID... above) {
    UUID[] ancestry = new UUID[above.length + 1];
    System.arraycopy(above, 0, ancestry, 0, above.length);
    ancestry[above.length] = id;
    return tx.preparedQuery("INSERT INTO orgs (id, parent_id, name, kind, ancestry) VALUES ($1, $2, $3, $4, $5)")
        .execute(Tuple.of(id, parent, name, kind, ancestry)).mapEmpty();
  }

  private static Future<Void> person(SqlClient tx, String openid, String number, String name, String stage, UUID orgId,
      String extraRole) {
    UUID id = UUID.randomUUID();
    boolean member = stage != null;
    return tx.preparedQuery("""
            INSERT INTO persons (id, openid, number, name, stage, org_id, bound_at) VALUES ($1, $2, $3, $4, $5, $6, now())
            """).execute(Tuple.of(id, openid, number, name, stage, "admin".equals(extraRole) ? null : orgId))
        .compose(v -> member ? role(tx, id, orgId, "member") : Future.succeededFuture())
        .compose(v -> extraRole != null ? role(tx, id, orgId, extraRole) : Future.succeededFuture());
  }

  private static Future<Void> role(SqlClient tx, UUID person, UUID org, String role) {
    return tx.preparedQuery("INSERT INTO org_roles (person_id, org_id, role) VALUES ($1, $2, $3)")
        .execute(Tuple.of(person, org, role)).mapEmpty();
  }

  private static void print(List<String> activationCodes) {
    StringBuilder out = new StringBuilder("""

        ---- zhibu demo school ----
        Log in with fake WeChat codes (each code string works once; change the part after # to log in again):
          admin of the school:            {"code":"fake:demo-admin#1"}
          admin of 计算机学院党委:         {"code":"fake:demo-college-1#1"}
          secretary of branch 1..4:        {"code":"fake:demo-sec-1#1"}
          member k of branch n (k=1..5):   {"code":"fake:demo-m-1-1#1"}
        e.g. curl -s localhost:8080/api/v1/auth/wechat -H 'Content-Type: application/json' -d '{"code":"fake:demo-sec-1#1"}'
        """);
    if (!activationCodes.isEmpty()) {
      out.append("Unbound roster entries (number, name, activation code) for POST /api/v1/auth/bind:\n");
      activationCodes.forEach(line -> out.append("  ").append(line).append('\n'));
    }
    System.out.println(out);
  }
}
