/// <reference lib="webworker" />
import { benchPerRun } from '../analysis';

postMessage({ ms: benchPerRun() });
