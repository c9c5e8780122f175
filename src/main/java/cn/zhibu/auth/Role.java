package cn.zhibu.auth;

import java.util.Set;

/** A role held in one org. {@code member} means a party member (probationary or full) of that org. */
public enum Role {
  MEMBER, COMMITTEE, SECRETARY, ADMIN;

  public static final Set<Role> MANAGERS = Set.of(ADMIN, SECRETARY);
  /** Who follows a branch's work (lists, reports): its committee (支委) as well as secretaries and admins. */
  public static final Set<Role> LEADERS = Set.of(ADMIN, SECRETARY, COMMITTEE);

  public String wire() {
    return name().toLowerCase();
  }

  public static Role fromWire(String value) {
    return valueOf(value.toUpperCase());
  }
}
