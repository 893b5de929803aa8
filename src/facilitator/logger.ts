export { createJsonLogger, silentLogger, type Logger } from '../loopback/jsonLogger.js'
