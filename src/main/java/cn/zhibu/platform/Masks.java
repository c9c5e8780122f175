package cn.zhibu.platform;

/**
 * Personal identifiers as lists show them (PIPL): phone numbers always masked; student and staff numbers
 * masked unless the viewer is an admin over the person's org.
 */
public final class Masks {
  private Masks() {
  }

  /** {@code 13812341234} becomes {@code 138****1234}; short numbers keep only their last two digits. */
  public static String phone(String phone) {
    if (phone == null) {
      return null;
    }
    if (phone.length() >= 11) {
      return phone.substring(0, phone.length() - 8) + "****" + phone.substring(phone.length() - 4);
    }
    return "*".repeat(Math.max(0, phone.length() - 2)) + phone.substring(Math.max(0, phone.length() - 2));
  }

  /** {@code 2021001234} becomes {@code 20******34}: enough to tell people apart, not to identify them. */
  public static String number(String number, boolean full) {
    if (number == null || full) {
      return number;
    }
    if (number.length() <= 4) {
      return "*".repeat(Math.max(0, number.length() - 1)) + number.substring(number.length() - 1);
    }
    return number.substring(0, 2) + "*".repeat(number.length() - 4) + number.substring(number.length() - 2);
  }
}
