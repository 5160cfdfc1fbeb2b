import { createApp } from "vue";
import App from "./App.vue";
import "../shared/chat.css";
import "./workbench.css";

createApp(App).mount("#app");
