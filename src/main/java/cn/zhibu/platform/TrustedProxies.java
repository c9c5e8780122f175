package cn.zhibu.platform;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies whose {@code X-Forwarded-For} is believed (ZHIBU_TRUSTED_PROXIES: addresses or CIDR blocks).
 * The client is the rightmost forwarded address that is not itself a trusted proxy; a request from any
 * other peer is taken at its socket address, whatever headers it sends.
 */
public final class TrustedProxies {
  private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");
  private final List<Block> blocks;

  private record Block(byte[] network, int bits) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[full] & mask) == (network[full] & mask);
    }
  }

  private TrustedProxies(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /** Comma-separated literal addresses or CIDR blocks; host names are refused (no DNS at start-up). */
  public static TrustedProxies parse(String value) {
    List<Block> blocks = new ArrayList<>();
    for (String item : value.split(",")) {
      String entry = item.strip();
      if (entry.isEmpty()) {
        continue;
      }
      String[] parts = entry.split("/", 2);
      byte[] network = literal(parts[0]);
      if (network == null) {
        throw new Config.Invalid(Config.TRUSTED_PROXIES + ": '" + entry + "' is not an IP address or CIDR block");
      }
      int bits = network.length * 8;
      if (parts.length == 2) {
        try {
          bits = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > network.length * 8) {
          throw new Config.Invalid(Config.TRUSTED_PROXIES + ": '" + entry + "' has a bad prefix length");
        }
      }
      blocks.add(new Block(network, bits));
    }
    return new TrustedProxies(blocks);
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  boolean trusts(String address) {
    byte[] bytes = literal(address);
    return bytes != null && blocks.stream().anyMatch(b -> b.contains(bytes));
  }

  /** The client's address given the socket peer and the X-Forwarded-For header (may be null). */
  public String client(String peer, String forwardedFor) {
    if (forwardedFor == null || !trusts(peer)) {
      return peer;
    }
    String[] hops = forwardedFor.split(",");
    String client = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (literal(hop) == null) {
        break;
      }
      client = hop;
      if (!trusts(hop)) {
        break;
      }
    }
    return client;
  }

  private static byte[] literal(String text) {
    if (text == null || text.isEmpty() || text.length() > 45 || !LITERAL.matcher(text).matches()
        || (!text.contains(":") && text.chars().filter(c -> c == '.').count() != 3)) {
      return null;
    }
    try {
      return InetAddress.getByName(text).getAddress(); // a literal: no DNS look-up
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
