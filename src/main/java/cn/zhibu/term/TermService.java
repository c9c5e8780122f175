package cn.zhibu.term;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.org.Term;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * 按期换届 (seed 002 §12 健全党支部按期换届机制): which orgs' terms end soon or have ended, and the reminders at 90 and 30
 * days and when overdue ({@link TermMarks}), to the org's secretaries and the org above.
 */
final class TermService {
  static final int DEFAULT_WITHIN_DAYS = 90;
  private final Pool pool;
  private final TermRepository terms;
  private final Scope scope;
  private final Clock clock;

  TermService(Pool pool, TermRepository terms, Scope scope, Clock clock) {
    this.pool = pool;
    this.terms = terms;
    this.scope = scope;
    this.clock = clock;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(Times.SCHOOL_ZONE));
  }

  Future<Terms.DueList> due(Caller caller, UUID orgId, Integer withinDays) {
    int within = withinDays == null ? DEFAULT_WITHIN_DAYS : withinDays;
    LocalDate today = today();
    return scope.require(caller, orgId, Role.LEADERS).compose(org -> terms.ofSubtree(org.id())).map(all -> {
      List<Terms.Due> due = new ArrayList<>();
      List<Terms.Unknown> unknown = new ArrayList<>();
      for (TermRepository.Stored s : all) {
        Term term = Term.of(s.kind(), s.termStartedOn(), s.termYears());
        if (term.endsOn() == null) {
          unknown.add(new Terms.Unknown(s.orgId(), s.name(), s.kind()));
          continue;
        }
        long left = ChronoUnit.DAYS.between(today, term.endsOn());
        if (left <= within || s.pendingElectionId() != null) {
          due.add(new Terms.Due(s.orgId(), s.name(), s.kind(), s.termStartedOn().toString(), term.years(),
              term.endsOn().toString(), left, left < 0, s.secretaries(), s.pendingElectionId()));
        }
      }
      due.sort(Comparator.comparingLong(Terms.Due::daysLeft).thenComparing(Terms.Due::name));
      return new Terms.DueList(orgId, today.toString(), within, due, unknown);
    });
  }

  /** The day's term reminders across the school, each (org, term end, mark) queued once. */
  Future<Integer> remind() {
    LocalDate today = today();
    return terms.ofSubtree(scope.rootId()).compose(all -> {
      List<UUID> orgs = new ArrayList<>();
      List<LocalDate> ends = new ArrayList<>();
      List<String> marks = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      for (TermRepository.Stored s : all) {
        LocalDate end = Term.of(s.kind(), s.termStartedOn(), s.termYears()).endsOn();
        if (end == null) {
          continue;
        }
        TermMarks.due(end, today).ifPresent(mark -> {
          orgs.add(s.orgId());
          ends.add(end);
          marks.add(mark);
          notes.add(TermMarks.sentence(s.name(), end, today));
        });
      }
      return orgs.isEmpty() ? Future.succeededFuture(0)
          : pool.withTransaction(tx -> terms.queue(tx, orgs, ends, marks, notes));
    });
  }
}
