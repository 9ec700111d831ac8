export { RequestPipeline } from './pipeline.js';
