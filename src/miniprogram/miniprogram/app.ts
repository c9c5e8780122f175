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
  },
  onShow() {
    flushQueue().catch(() => undefined);
  },
});
