import { shippedEnvironments, synthAll } from "./helpers";

// One snapshot per stack of every shipped environment: review a change here like a plan diff.
const stacks = synthAll(shippedEnvironments());

describe.each(Object.keys(stacks))("stack %s", (name) => {
  test("matches its snapshot", () => {
    expect(stacks[name]).toMatchSnapshot();
  });
});
