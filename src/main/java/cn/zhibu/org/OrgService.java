package cn.zhibu.org;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The org tree as the API shows it, and the audit log of each org. */
final class OrgService {
  /** Which kinds may sit under which: colleges under the school, branches under either (直属党支部), 党小组 under a branch. */
  private static final Map<String, Set<String>> CHILD_KINDS = Map.of(
      "school", Set.of("college", "branch"),
      "college", Set.of("branch"),
      "branch", Set.of("group"),
      "group", Set.of());
  private final Pool pool;
  private final OrgDirectory orgs;
  private final OrgSettingsRepository settings;
  private final Scope scope;
  private final java.time.Clock clock;

  OrgService(Pool pool, OrgDirectory orgs, Scope scope, java.time.Clock clock) {
    this.pool = pool;
    this.orgs = orgs;
    this.settings = new OrgSettingsRepository(pool);
    this.scope = scope;
    this.clock = clock;
  }

  /** The contract's {@code Org} with what it keeps: its category and its term ({@link Term}). */
  record Detail(UUID id, UUID parentId, String name, String kind, int depth, String category, String termStartedOn,
      Integer termYears, String termEndsOn) {
    static Detail of(Org org, OrgSettingsRepository.Settings s) {
      boolean group = "group".equals(org.kind());
      Term term = Term.of(org.kind(), s.termStartedOn(), s.termYears());
      return new Detail(org.id(), org.parentId(), org.name(), org.kind(), org.ancestry().size() - 1, s.category(),
          group || s.termStartedOn() == null ? null : s.termStartedOn().toString(), group ? null : term.years(),
          group || term.endsOn() == null ? null : term.endsOn().toString());
    }
  }

  /** What {@code PATCH /orgs/{id}} sends; only the fields present change. */
  record Change(boolean hasCategory, String category, boolean hasStart, String termStartedOn, boolean hasYears,
      Integer termYears) {
    static Change of(JsonObject body) {
      return new Change(body.containsKey("category"), body.getString("category"), body.containsKey("termStartedOn"),
          body.getString("termStartedOn"), body.containsKey("termYears"), body.getInteger("termYears"));
    }
  }

  Future<Org.View> create(Caller caller, Audit.Actor actor, UUID parentId, String name, String kind) {
    // A branch sets up its own 党小组 (its secretary may); every other org is created by an admin above it.
    return scope.require(caller, parentId, "group".equals(kind) ? Role.MANAGERS : Set.of(Role.ADMIN)).compose(parent -> {
      if (!CHILD_KINDS.get(parent.kind()).contains(kind)) {
        return Future.failedFuture(ApiException.unprocessable("org.invalid_kind",
            "A " + kind + " cannot be created under a " + parent.kind()));
      }
      return pool.withTransaction(tx -> orgs.create(tx, parent, name.strip(), kind)
              .compose(org -> Audit.record(tx, actor, parent.id(), "org.create", "org:" + org.id(),
                  new JsonObject().put("name", org.name()).put("kind", kind)).map(org)))
          .recover(err -> err instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
              ? Future.failedFuture(ApiException.conflict("org.duplicate_name", "This parent already has an org of that name"))
              : Future.failedFuture(err))
          .map(Org::view);
    });
  }

  Future<Detail> get(Caller caller, UUID id) {
    return scope.visible(caller, id).compose(org -> settings.find(org.id()).map(s -> Detail.of(org, s)));
  }

  /**
   * An org's category and term, set by an admin of the org or above. A 党小组 has neither (it belongs to its
   * branch); a term does not start in the future. Audited with what was there before.
   */
  Future<Detail> update(Caller caller, Audit.Actor actor, UUID id, Change change) {
    java.time.LocalDate start = change.termStartedOn() == null ? null : java.time.LocalDate.parse(change.termStartedOn());
    if (start != null && start.isAfter(java.time.LocalDate.now(clock.withZone(Times.SCHOOL_ZONE)))) {
      return Future.failedFuture(ApiException.unprocessable("org.term_in_future",
          "A term starts on the day of its election, not later than today"));
    }
    return scope.require(caller, id, Set.of(Role.ADMIN)).compose(org -> {
      if ("group".equals(org.kind()) && (change.hasStart() || change.hasYears() || change.hasCategory())) {
        return Future.failedFuture(ApiException.unprocessable("org.group_has_no_term",
            "A 党小组 belongs to its branch: it has no term or category of its own"));
      }
      return pool.withTransaction(tx -> settings.update(tx, org.id(), change.hasCategory(), change.category(),
              change.hasStart(), start, change.hasYears(), change.termYears())
          .compose(both -> Audit.record(tx, actor, org.id(), "org.update", "org:" + org.id(), new JsonObject()
                  .put("before", describe(both[0])).put("after", describe(both[1])))
              .map(Detail.of(org, both[1]))));
    });
  }

  private static JsonObject describe(OrgSettingsRepository.Settings s) {
    return new JsonObject().put("category", s.category())
        .put("termStartedOn", s.termStartedOn() == null ? null : s.termStartedOn().toString())
        .put("termYears", s.termYears());
  }

  Future<Org.View> root() {
    return orgs.find(orgs.rootId()).map(Org::view);
  }

  Future<Page<Org.View>> children(Caller caller, UUID id, String cursor, int limit) {
    String after = Cursor.decode(cursor);
    return scope.visible(caller, id).compose(org -> orgs.children(org.id(), after, limit + 1))
        .map(children -> Page.of(children.stream().map(Org::view).toList(), limit, o -> Cursor.encode(o.name())));
  }

  /** The audit entries of the org's subtree, newest first. */
  Future<Page<Audit.Entry>> auditLog(Caller caller, UUID id, String cursor, int limit) {
    String before = Cursor.decode(cursor);
    long beforeId = before == null ? Long.MAX_VALUE : parseLong(before);
    return scope.require(caller, id, Set.of(Role.ADMIN)).compose(org -> Audit.ofSubtree(pool, org.id(), beforeId, limit + 1))
        .map(entries -> Page.of(entries, limit, e -> Cursor.encode(String.valueOf(e.id()))));
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out");
    }
  }
}
