import { api } from '../../api/client';
import { ApiError, describe } from '../../api/problems';

const HEARTBEAT_MS = 15_000;
/** One timer per page instance, kept out of data (nothing to render). */
const timers = new WeakMap<object, ReturnType<typeof setInterval>>();

/**
 * 课时播放: the video with a study session; every 15 s of playing, the position goes to the server, which
 * credits the smaller of the time gone and the position's advance (seeking ahead earns nothing; the server
 * decides). A newer session elsewhere ends this one.
 */
Component({
  data: { id: '', title: '', url: '', sessionId: '', position: 0, credited: 0, completed: false, message: '' },
  methods: {
    async onLoad(query: Record<string, string>) {
      this.setData({ id: query.id, title: decodeURIComponent(query.title || ''), url: decodeURIComponent(query.url || '') });
      try {
        const session = await api.post('/lessons/{id}/study-sessions', { path: { id: query.id } });
        this.setData({ sessionId: session.sessionId });
      } catch (e) {
        this.setData({ message: describe(e) });
      }
    },
    onUnload() {
      this.stop();
      this.beat();
    },
    onHide() {
      this.stop();
    },
    onTime(e: WechatMiniprogram.CustomEvent<{ currentTime: number }>) {
      this.setData({ position: Math.floor(e.detail.currentTime) });
    },
    onPlay() {
      this.stop();
      timers.set(this, setInterval(() => this.beat(), HEARTBEAT_MS));
    },
    onPause() {
      this.stop();
      this.beat();
    },
    stop() {
      const handle = timers.get(this);
      if (handle !== undefined) {
        clearInterval(handle);
      }
    },
    async beat() {
      if (!this.data.sessionId) {
        return;
      }
      try {
        const progress = await api.post('/study-sessions/{id}/heartbeats', {
          path: { id: this.data.sessionId }, body: { positionSeconds: this.data.position },
        });
        this.setData({ credited: Math.floor(progress.lessonCreditedSeconds / 60), completed: progress.completed });
      } catch (e) {
        if (e instanceof ApiError && e.code === 'study.session_replaced') {
          this.stop();
          this.setData({ sessionId: '', message: '您在别处打开了本课，此处已停止计时' });
        }
      }
    },
  },
});
