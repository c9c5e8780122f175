package cn.zhibu.request;

import java.util.Map;
import java.util.Set;

/**
 * The request state machine, 12345-style ("接诉即办"). Each action is allowed from some states, by the
 * requester or by a handler (the request's org's admins, secretaries and committee, or its assignee).
 *
 * <pre>
 *   held ──accept──▶ accepted ──assign──▶ assigned ──start──▶ in_progress ──resolve──▶ resolved ──confirm──▶ closed
 * submitted ─accept─┘    └──────start──────────────────────────┘      ▲                    │
 *   any open state ──reject──▶ rejected                             └──────reopen────────┘
 *   accepted / assigned / in_progress ──return──▶ submitted (back to the routing desk)
 * </pre>
 */
final class Workflow {
  enum Actor { REQUESTER, HANDLER }

  record Rule(Set<String> from, String to, Actor actor) {
  }

  static final Map<String, Rule> RULES = Map.of(
      "accept", new Rule(Set.of("held", "submitted"), "accepted", Actor.HANDLER),
      "assign", new Rule(Set.of("accepted", "assigned"), "assigned", Actor.HANDLER),
      "start", new Rule(Set.of("accepted", "assigned"), "in_progress", Actor.HANDLER),
      "resolve", new Rule(Set.of("in_progress"), "resolved", Actor.HANDLER),
      "reject", new Rule(Set.of("held", "submitted", "accepted", "assigned", "in_progress"), "rejected", Actor.HANDLER),
      "return", new Rule(Set.of("accepted", "assigned", "in_progress"), "submitted", Actor.HANDLER),
      "confirm", new Rule(Set.of("resolved"), "closed", Actor.REQUESTER),
      "reopen", new Rule(Set.of("resolved"), "in_progress", Actor.REQUESTER));

  static final Set<String> FINISHED = Set.of("resolved", "closed", "rejected");

  private Workflow() {
  }

  /** The order the actions are offered in. */
  private static final java.util.List<String> ORDER = java.util.List.of("accept", "assign", "start", "resolve", "return",
      "reject", "confirm", "reopen");

  /** The actions this actor may take on a request in this state, for the front ends to offer and nothing else. */
  static java.util.List<String> allowed(String status, Actor actor) {
    return ORDER.stream().filter(a -> RULES.get(a).actor() == actor && RULES.get(a).from().contains(status)).toList();
  }

  /** The state after {@code action} from {@code status}, or {@code null} if that action is not allowed there. */
  static String next(String status, String action) {
    Rule rule = RULES.get(action);
    return rule != null && rule.from().contains(status) ? rule.to() : null;
  }
}
