import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { dateTime, EVENT_TYPES } from '../../utils/format';
import { go } from '../../utils/page';

const MINE: Record<string, string> = { present: '已签到', leave: '已请假（已批准）', absent: '未签到' };
const LEAVE: Record<string, string> = { pending: '请假待书记审批', approved: '请假已批准', refused: '请假未获批准' };

/**
 * 会议详情 (a member's): what, when and where (the place on a map when the meeting checks it), the agenda and
 * lecturer, and my own place in it — checked in (补签 said so), on leave or not yet, my leave request and its
 * state — with the next thing to do: scan to check in, or ask for leave.
 */
Component({
  data: {
    id: '', loaded: false, failed: '', title: '', type: '', when: '', until: '', cancelled: false, cancelReason: '',
    agenda: '', lecturer: '', hasPlace: false, lat: 0, lng: 0, ended: false,
    expected: false, mine: '', leave: '', canLeave: false, canScan: false,
  },
  methods: {
    onLoad(query: Record<string, string>) {
      this.setData({ id: query.id });
    },
    onShow() {
      return this.load();
    },
    async onPullDownRefresh() {
      try {
        await this.load();
      } finally {
        wx.stopPullDownRefresh();
      }
    },
    async load() {
      try {
        const [event, mine] = await Promise.all([api.get('/events/{id}', { path: { id: this.data.id } }),
          api.get('/events/{id}/mine', { path: { id: this.data.id } })]);
        const now = Date.now();
        const ended = Date.parse(event.endsAt) < now;
        const cancelled = event.status === 'cancelled';
        const checkedIn = mine.status === 'present';
        this.setData({
          loaded: true, failed: '', title: event.title, type: EVENT_TYPES[event.type] ?? event.type,
          when: dateTime(event.startsAt), until: dateTime(event.endsAt), cancelled, cancelReason: event.cancelReason ?? '',
          agenda: event.agenda ?? '', lecturer: event.lecturer ?? '', hasPlace: !!event.location,
          lat: event.location?.lat ?? 0, lng: event.location?.lng ?? 0, ended, expected: mine.expected,
          mine: mine.expected ? `${MINE[mine.status ?? 'absent'] ?? ''}${checkedIn && mine.checkedInAt ? ` ${dateTime(mine.checkedInAt)}` : ''}`
            + (mine.marked ? '（补签）' : '') : '这次会议不需要您参加',
          leave: mine.leaveStatus ? `${LEAVE[mine.leaveStatus]}：${mine.leaveReason ?? ''}` : '',
          canLeave: mine.expected && !checkedIn && !mine.leaveStatus && !ended && !cancelled,
          canScan: mine.expected && !checkedIn && !ended && !cancelled,
        });
      } catch (e) {
        this.setData({ loaded: true, failed: describe(e) });
      }
    },
    /** The meeting's place on WeChat's map. */
    openMap() {
      wx.openLocation({ latitude: this.data.lat, longitude: this.data.lng, name: this.data.title, scale: 17 });
    },
    scan() {
      wx.switchTab({ url: '/pages/scan/scan' });
    },
    askLeave() {
      go(`/pages/events/leave?id=${this.data.id}&title=${encodeURIComponent(this.data.title)}`);
    },
  },
});
