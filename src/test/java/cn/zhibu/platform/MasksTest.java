package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MasksTest {

  @Test
  @DisplayName("phones are masked as 138****1234; short ones keep only their last two digits")
  void phones() {
    assertEquals("138****1234", Masks.phone("13812341234"));
    assertEquals("+86138****1234", Masks.phone("+8613812341234"));
    assertEquals("****89", Masks.phone("123489"));
    assertNull(Masks.phone(null));
  }

  @Test
  @DisplayName("student and staff numbers keep two characters at each end, unless shown in full to an admin")
  void numbers() {
    assertEquals("20******34", Masks.number("2021001234", false));
    assertEquals("2021001234", Masks.number("2021001234", true));
    assertEquals("**7", Masks.number("007", false));
    assertNull(Masks.number(null, false));
  }
}
