// What the console knows of who is at the desk: the person, the orgs they manage and the one chosen, and which
// screens that role works in. The screens follow the server's rules (auth/Role.java and the services):
// a secretary or an admin (Role.MANAGERS) works everywhere; a 副书记 or 支委 (Role.TEAM) organises meetings
// (EventService.ORGANISERS), follows leave and volunteer hours and handles 办实事 requests (Role.LEADERS), while
// the dashboard, notices, roster, development and dues answer only managers — so those tabs are not shown to a
// 副书记 or 支委 at all rather than shown and refused. The leaders' training report, the terms due and the elections
// answer leaders and admins; 党内统计 managers only; 考核 and 整改 leaders and admins (an admin runs a round, a
// branch's leaders read their own row; the org above verifies 整改).
import { reactive } from 'vue';

export const TABS = [
  { key: 'dashboard', label: '概览', roles: ['secretary', 'admin'] },
  { key: 'meetings', label: '会议', roles: ['secretary', 'admin', 'deputy_secretary', 'committee'] },
  { key: 'notices', label: '通知', roles: ['secretary', 'admin'] },
  { key: 'requests', label: '办实事', roles: ['secretary', 'admin', 'deputy_secretary', 'committee'] },
  { key: 'leaves', label: '请假', roles: ['secretary', 'admin', 'deputy_secretary', 'committee'] },
  { key: 'volunteer', label: '志愿时长', roles: ['secretary', 'admin', 'deputy_secretary', 'committee'] },
  { key: 'roster', label: '名册', roles: ['secretary', 'admin'] },
  { key: 'development', label: '发展', roles: ['secretary', 'admin'] },
  { key: 'talks', label: '谈心谈话', roles: ['secretary', 'admin'] },
  { key: 'cultivation', label: '思想汇报', roles: ['secretary', 'admin'] },
  { key: 'care', label: '关怀帮扶', roles: ['secretary', 'admin'] },
  { key: 'reviews', label: '民主评议', roles: ['secretary', 'admin'] },
  { key: 'training', label: '班子培训', roles: ['secretary', 'admin', 'deputy_secretary', 'committee'] },
  { key: 'life', label: '党费与转接', roles: ['secretary', 'admin'] },
  { key: 'funds', label: '党费收支', roles: ['secretary', 'admin'] },
  { key: 'terms', label: '换届', roles: ['secretary', 'admin', 'deputy_secretary', 'committee'] },
  { key: 'statistics', label: '党内统计', roles: ['secretary', 'admin'] },
  { key: 'assessments', label: '考核', roles: ['secretary', 'admin', 'deputy_secretary', 'committee'] },
  { key: 'rectifications', label: '整改', roles: ['secretary', 'admin', 'deputy_secretary', 'committee'] },
  { key: 'honours', label: '表彰', roles: ['secretary', 'admin', 'deputy_secretary', 'committee'] }
];

export const desk = reactive({
  me: null,
  /** [{ id, name, kind, parentId, role }] — one per org where the person holds a desk role */
  orgs: [],
  org: null,
  role: null
});

export const tabsFor = (role) => TABS.filter((t) => t.roles.includes(role));
/** Decides (approves, records dues, sets grades): the secretary and admins; a 支委 sees. */
export const decides = () => desk.role === 'secretary' || desk.role === 'admin';
export const isAdmin = () => desk.role === 'admin';
export const mine = (personId) => !!desk.me && personId === desk.me.id;
/** The org worked on (from GET /orgs/{id}). */
export const current = () => desk.orgs.find((o) => o.id === desk.org && o.role === desk.role) || {};
