import { flushQueue, retryWhileOpen } from './api/offline';

App({
  onLaunch() {
    // A scan kept with a weak signal goes up as soon as the network is back, when the app comes back to the
    // foreground, and every half minute while it is open (with backoff after a busy server).
    wx.onNetworkStatusChange((status) => {
      if (status.isConnected) {
        flushQueue().catch(() => undefined);
      }
    });
    retryWhileOpen();
    // A new version published meanwhile: offer it once it has downloaded, instead of running the old one for days.
    const updates = typeof wx.getUpdateManager === 'function' ? wx.getUpdateManager() : null;
    updates?.onUpdateReady(() => wx.showModal({
      title: '新版本已就绪', content: '重新打开小程序即可使用新版本，现在重启吗？', confirmText: '重启',
      success: (r) => { if (r.confirm) updates.applyUpdate(); },
    }));
  },
  onShow() {
    flushQueue().catch(() => undefined);
  },
});
