// The web console: Vue 3 on TDesign (tdesign-vue-next), the same design language as the mini-program.
import { createApp } from 'vue';
import TDesign from 'tdesign-vue-next';
import 'tdesign-vue-next/es/style/index.css';
import App from './App.vue';
import './console.css';

createApp(App).use(TDesign).mount('#console');
