// Plain CommonJS loaded with Node's own require: no test transform touches it, so the profiler's lines are this file's.
/* global module */
'use strict';
function countPrimesHot(limit) {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

function sumSquaresLight(limit) {
  let sum = 0;
  for (let i = 0; i < limit; i++) sum += i * i;
  return sum;
}

function runHotWorkload(rounds) {
  let checksum = 0;
  for (let r = 0; r < rounds; r++) {
    checksum += countPrimesHot(200_000);
    checksum += sumSquaresLight(20_000);
  }
  return checksum;
}

module.exports = { countPrimesHot, sumSquaresLight, runHotWorkload };
