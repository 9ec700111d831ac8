import { runDemo } from './demo.js';

runDemo({ ...(process.env.DEMO_OUTPUT_DIR ? { outputDir: process.env.DEMO_OUTPUT_DIR } : {}) }).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
