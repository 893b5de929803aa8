// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {FiatTokenMock} from "./FiatTokenMock.sol";

/// @title MockUSDC
/// @notice FiatToken-v2.2-compatible test USDC with a configurable EIP-712 name and version.
contract MockUSDC is FiatTokenMock {
    constructor(string memory name_, string memory version_, address[] memory holders, uint256 amount)
        FiatTokenMock(name_, version_, holders, amount)
    {}
}
