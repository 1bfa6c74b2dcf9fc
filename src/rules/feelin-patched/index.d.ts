export * from './interpreter.js';
export * from './parser.js';
export { FeelFunction, isFunction } from './function.js';
export { FeelRange, isRange } from './range.js';
export { FeelDate, FeelTime, FeelDateTime, FeelDuration, date, time, dateAndTime, duration, now, today, toFeel, parseDate, parseTime, parseDateTime } from './temporal.js';
