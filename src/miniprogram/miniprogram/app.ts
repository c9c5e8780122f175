import { flushQueue } from './api/offline';

App({
  onLaunch() {
    // A scan kept with a weak signal goes up as soon as the network is back.
    wx.onNetworkStatusChange((status) => {
      if (status.isConnected) {
        flushQueue().catch(() => undefined);
      }
    });
  },
  onShow() {
    flushQueue().catch(() => undefined);
  },
});
