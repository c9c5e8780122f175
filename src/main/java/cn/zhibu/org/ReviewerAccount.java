package cn.zhibu.org;

import cn.zhibu.platform.Config;
import cn.zhibu.platform.Database;
import cn.zhibu.platform.Hashing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * {@code java -jar zhibu.jar reviewer-account}: a roster entry for WeChat's reviewer, to write into 审核备注 with
 * its activation code. It lives in a branch of its own under the school committee ("小程序审核演示支部", made on
 * first use), so the reviewer sees a member's screens and nobody's real data; each run makes a fresh entry with
 * a fresh one-time code (a code is spent when someone binds with it).
 */
public final class ReviewerAccount {
  static final String BRANCH = "小程序审核演示支部";
  static final String NAME = "审核员";

  /** What to paste into 审核备注. */
  public record Issued(String branch, String number, String name, String activationCode) {
    public String note() {
      return "测试账号：打开小程序 → 我的 → 绑定身份，学号/工号 " + number + "，姓名 " + name + "，激活码 " + activationCode
          + "（" + branch + "，仅含演示数据）";
    }
  }

  private ReviewerAccount() {
  }

  public static Future<Issued> run(Vertx vertx, Config config) {
    return Database.migrate(vertx, config).compose(n -> {
      Pool pool = Database.pool(vertx, config, "zhibu-reviewer");
      OrgDirectory orgs = new OrgDirectory(pool);
      String number = "REVIEW-" + LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyyMMdd"))
          + "-" + Hashing.readableCode(4);
      String code = Hashing.readableCode(8);
      RosterEntry entry = RosterEntry.of(1, number, NAME, null, "full", "member");
      return orgs.ensureRoot("学校党委")
          .compose(root -> pool.withTransaction(tx -> orgs.child(tx, root.id(), BRANCH, "branch")
              .compose(found -> found != null ? Future.succeededFuture(found) : orgs.create(tx, root, BRANCH, "branch"))
              .compose(branch -> {
                UUID id = UUID.randomUUID();
                return RosterRepository.insert(tx, branch.id(), List.of(new RosterRepository.Created(id, entry, code)))
                    .compose(v -> RosterRepository.syncMemberRoles(tx, branch.id(), List.of(id), List.of(entry)))
                    .map(v -> new Issued(BRANCH, number, NAME, code));
              })))
          .andThen(ar -> pool.close());
    });
  }
}
