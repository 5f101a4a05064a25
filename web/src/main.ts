import "./components/app-root.js";
