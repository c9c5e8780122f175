import type { components } from './schema';

type LoginResult = components['schemas']['LoginResult'];
type TokenPair = components['schemas']['TokenPair'];
export type User = components['schemas']['User'];

/** The tokens kept on the phone (wx storage, this mini-program only), and when the access token runs out. */
export interface Stored {
  accessToken: string;
  refreshToken: string;
  /** epoch ms */
  expiresAt: number;
  user?: User;
}

const KEY = 'zhibu.session';

/** An org's leaders, who organise its meetings and activities (the server's Role.TEAM). */
export const LEADER_ROLES: string[] = ['secretary', 'deputy_secretary', 'committee'];

export const session = {
  get(): Stored | null {
    const value = wx.getStorageSync(KEY);
    return value && typeof value === 'object' ? (value as Stored) : null;
  },

  save(tokens: TokenPair | LoginResult, now = Date.now()): Stored {
    const before = session.get();
    const stored: Stored = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: now + tokens.expiresIn * 1000,
      user: 'user' in tokens ? tokens.user : before?.user,
    };
    wx.setStorageSync(KEY, stored);
    return stored;
  },

  remember(user: User): void {
    const stored = session.get();
    if (stored) {
      wx.setStorageSync(KEY, { ...stored, user });
    }
  },

  clear(): void {
    wx.removeStorageSync(KEY);
  },

  /** Roles by org, from the last login or /me. */
  roles(): { role: string; orgId: string }[] {
    return (session.get()?.user?.roles ?? []) as { role: string; orgId: string }[];
  },

  /** The org where the person may run meetings (one of its leaders: 书记, 副书记, 支委), if any. */
  ledOrg(): string | null {
    const grant = session.roles().find((r) => LEADER_ROLES.includes(r.role));
    return grant ? grant.orgId : null;
  },
};
