package cn.zhibu.auth;

import java.util.Set;

/** A role held in one org. {@code member} means a party member (probationary or full) of that org. */
public enum Role {
  MEMBER, COMMITTEE, SECRETARY, ADMIN;

  public static final Set<Role> MANAGERS = Set.of(ADMIN, SECRETARY);

  public String wire() {
    return name().toLowerCase();
  }

  public static Role fromWire(String value) {
    return valueOf(value.toUpperCase());
  }
}
