package cn.zhibu.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AttendeesTest {

  @Test
  @DisplayName("the compact attendee set finds exactly the people it was given, negative halves included")
  void membership() {
    Set<UUID> given = new HashSet<>();
    for (int i = 0; i < 2_000; i++) {
      given.add(UUID.randomUUID());
    }
    given.add(new UUID(-1L, -1L));
    given.add(new UUID(Long.MIN_VALUE, 0));
    given.add(new UUID(0, Long.MIN_VALUE));
    Attendees attendees = Attendees.of(given.toArray(UUID[]::new));
    assertEquals(given.size(), attendees.size());
    given.forEach(p -> assertTrue(attendees.contains(p), p.toString()));
    for (int i = 0; i < 2_000; i++) {
      UUID stranger = UUID.randomUUID();
      assertEquals(given.contains(stranger), attendees.contains(stranger));
    }
    assertFalse(Attendees.of(new UUID[0]).contains(UUID.randomUUID()));
  }
}
