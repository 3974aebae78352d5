import { runtimeSuite } from './suite';

runtimeSuite('cpu');
