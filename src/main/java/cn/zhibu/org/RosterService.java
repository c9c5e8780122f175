package cn.zhibu.org;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.auth.Sessions;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Hashing;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Roster import: every row is checked first; the good rows are then written together in one transaction,
 * so a bad row never loses the good ones and no row is ever half-written.
 */
final class RosterService {
  private final Vertx vertx;
  private final Pool pool;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Sessions sessions;

  RosterService(Vertx vertx, Pool pool, Scope scope, OrgDirectory orgs, Sessions sessions) {
    this.vertx = vertx;
    this.pool = pool;
    this.scope = scope;
    this.orgs = orgs;
    this.sessions = sessions;
  }

  /** A row of the file with what is wrong with it (or what was not done). */
  record Problem(int row, String message) {
  }

  /** A one-time code to hand to a person created, as a slip. */
  record Code(String number, String name, String code) {
  }

  /** {@code RosterResult}. */
  record Result(int created, int updated, List<Problem> errors, List<Problem> warnings, List<Code> activationCodes) {
  }

  Future<Result> importJson(Caller caller, Audit.Actor actor, UUID orgId, JsonArray entries) {
    return scope.require(caller, orgId, Role.MANAGERS)
        .compose(org -> importRows(caller, actor, org, RosterFile.fromJson(entries), "json"));
  }

  Future<Result> importFile(Caller caller, Audit.Actor actor, UUID orgId, Buffer file) {
    return scope.require(caller, orgId, Role.MANAGERS)
        .compose(org -> vertx.executeBlocking(() -> RosterFile.parseFile(file), false)
            .compose(rows -> importRows(caller, actor, org, rows, "file")));
  }

  private record Checked(List<RosterEntry> good, List<Problem> errors) {
  }

  private Future<Result> importRows(Caller caller, Audit.Actor actor, Org org, List<RosterEntry> rows,
      String source) {
    if (!"branch".equals(org.kind())) {
      return Future.failedFuture(ApiException.unprocessable("roster.not_a_branch",
          "Members are kept on a branch's roster; import into a branch"));
    }
    Checked checked = check(rows);
    List<String> numbers = checked.good().stream().map(RosterEntry::number).toList();
    List<Problem> errors = new ArrayList<>(checked.errors());
    List<Problem> warnings = new ArrayList<>();
    List<RosterRepository.Created> created = new ArrayList<>();
    List<UUID> updatedIds = new ArrayList<>();
    return pool.withTransaction(tx -> RosterRepository.lockExisting(tx, numbers)
            .compose(existing -> outOfScope(caller, existing).compose(foreign -> {
              List<RosterEntry> updated = new ArrayList<>();
              for (RosterEntry entry : checked.good()) {
                RosterRepository.Existing known = existing.get(entry.number());
                if (known != null && (known.orgId() == null || foreign.contains(known.orgId()))) {
                  // One message for every reason a number cannot be taken here: it tells nothing of who holds it.
                  errors.add(error(entry.row(), "学号/工号 " + entry.number() + " 不能导入本支部；"
                      + "如此人在其他支部的名册上，请由两个支部共同的上级管理员调整"));
                  continue;
                }
                if (known != null && known.leader() && !entry.isPartyMember()) {
                  errors.add(error(entry.row(), "此人现任支委或书记：须先由管理员免去职务，"
                      + "才能把政治面貌改为非党员"));
                  continue;
                }
                if (!"member".equals(entry.role()) && (known == null || !known.leader())) {
                  warnings.add(error(entry.row(), "已按党员导入：书记、副书记、支委由上级组织的管理员在工作台“名册 → 任免”中任命，"
                      + "名册导入不授予职务"));
                }
                if (known == null) {
                  created.add(new RosterRepository.Created(UUID.randomUUID(), entry, Hashing.readableCode(8)));
                } else {
                  updatedIds.add(known.id());
                  updated.add(entry);
                }
              }
              List<UUID> allIds = new ArrayList<>(created.stream().map(RosterRepository.Created::id).toList());
              allIds.addAll(updatedIds);
              List<RosterEntry> allEntries = new ArrayList<>(created.stream().map(RosterRepository.Created::entry).toList());
              allEntries.addAll(updated);
              JsonObject detail = new JsonObject().put("source", source).put("created", created.size())
                  .put("updated", updated.size()).put("rejected", errors.size());
              return RosterRepository.insert(tx, org.id(), created)
                  .compose(v -> RosterRepository.update(tx, org.id(), updatedIds, updated))
                  .compose(v -> RosterRepository.syncMemberRoles(tx, org.id(), allIds, allEntries))
                  .compose(v -> Audit.record(tx, actor, org.id(), "roster.import", "org:" + org.id(), detail))
                  .compose(v -> auditPeople(tx, actor, org.id(), allIds, allEntries, created.size()));
            })))
        .compose(v -> Future.all(updatedIds.stream().map(sessions::rolesChanged).toList()))
        .map(v -> {
          errors.sort((a, b) -> Integer.compare(a.row(), b.row()));
          return new Result(created.size(), updatedIds.size(), errors, warnings, created.stream()
              .map(c -> new Code(c.entry().number(), c.entry().name(), c.activationCode())).toList());
        });
  }

  /** One audit entry per person the import created or changed, in the import's transaction. */
  private static Future<Void> auditPeople(io.vertx.sqlclient.SqlClient tx, Audit.Actor actor, UUID orgId,
      List<UUID> ids, List<RosterEntry> entries, int createdCount) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    List<JsonObject> details = new java.util.ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      details.add(new JsonObject().put("change", i < createdCount ? "created" : "updated")
          .put("stage", entries.get(i).stage()));
    }
    return Audit.recordEach(tx, actor, orgId, "roster.person", ids.stream().map(id -> "person:" + id).toList(), details);
  }

  /** The rule check of every row; a number repeated in one import keeps its first row. */
  private static Checked check(List<RosterEntry> rows) {
    List<RosterEntry> good = new ArrayList<>();
    List<Problem> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (RosterEntry entry : rows) {
      String problem = entry.problem();
      if (problem == null && !seen.add(entry.number())) {
        problem = "学号/工号 " + entry.number() + " 在本次导入中重复出现，已按它第一次出现的行导入";
      }
      if (problem == null) {
        good.add(entry);
      } else {
        errors.add(error(entry.row(), problem));
      }
    }
    return new Checked(good, errors);
  }

  /** The orgs of existing people that the caller does not manage. */
  private Future<Set<UUID>> outOfScope(Caller caller, Map<String, RosterRepository.Existing> existing) {
    // People with no home org (never on a roster, or moved out) are refused by the caller without a look-up.
    List<UUID> orgIds = existing.values().stream().map(RosterRepository.Existing::orgId)
        .filter(java.util.Objects::nonNull).distinct().toList();
    return Future.all(orgIds.stream().map(orgs::find).toList()).map(all -> {
      Set<UUID> foreign = new HashSet<>();
      for (int i = 0; i < orgIds.size(); i++) {
        if (!Scope.covers(caller, all.resultAt(i), Role.MANAGERS)) {
          foreign.add(orgIds.get(i));
        }
      }
      return foreign;
    });
  }

  private static Problem error(int row, String message) {
    return new Problem(row, message);
  }
}
