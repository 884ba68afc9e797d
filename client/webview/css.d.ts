// Lets the page import its stylesheet; esbuild emits it as dist/webview/main.css.
declare module '*.css';
