export { PodForwarder, type PodForwarderOptions, type ForwardEvent } from './podForwarder.js';
