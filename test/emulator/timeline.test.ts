import {expect} from 'chai'

import {
  maxInFlight, overlapped, receivedAfter, type Timed, waves,
} from './timeline.js'

const request = (received_ms: number, answered_ms: null | number): Timed => ({answered_ms, received_ms})

describe('emulator timeline: overlap, requests in flight and waves from the log', () => {
  it('counts one wave for requests in flight together, one more for each that waited for an answer', () => {
    expect(waves([])).to.equal(0)
    expect(waves([request(0, 10)])).to.equal(1)
    expect(waves([request(0, 10), request(1, 11), request(2, 9)])).to.equal(1)
    expect(waves([request(0, 10), request(11, 20)])).to.equal(2)
    // The lookup and the config vars together, then the endpoint after the lookup: two waves.
    expect(waves([request(0, 10), request(1, 30), request(12, 25)])).to.equal(2)
    // Out of order in the log, the longest chain still counts.
    expect(waves([request(21, 30), request(0, 10), request(11, 20), request(1, 2)])).to.equal(3)
  })

  it('counts the most requests in flight at one moment; an answer and an arrival at the same moment do not overlap', () => {
    expect(maxInFlight([])).to.equal(0)
    expect(maxInFlight([request(0, 10), request(10, 20)])).to.equal(1)
    expect(maxInFlight([request(0, 10), request(5, 20), request(6, 7), request(15, 30)])).to.equal(3)
    expect(maxInFlight([request(0, null), request(100, 200)])).to.equal(2)
  })

  it('tells overlap and order apart, an unanswered request being in flight until the end', () => {
    expect(overlapped(request(0, 10), request(5, 20))).to.equal(true)
    expect(overlapped(request(0, 10), request(10, 20))).to.equal(false)
    expect(overlapped(request(0, null), request(500, 600))).to.equal(true)
    expect(receivedAfter(request(11, 20), request(0, 10))).to.equal(true)
    expect(receivedAfter(request(5, 20), request(0, 10))).to.equal(false)
    expect(receivedAfter(request(500, 600), request(0, null))).to.equal(false)
  })
})
