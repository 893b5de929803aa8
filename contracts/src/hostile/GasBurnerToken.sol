// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {FiatTokenMock} from "../FiatTokenMock.sol";

/// @title GasBurnerToken
/// @notice A hostile EIP-3009 token: reads (balances, domain, authorization state) answer like MockUSDC, but
/// `transferWithAuthorization` and `receiveWithAuthorization` burn all the gas they are given (an INVALID
/// opcode). A facilitator that broadcasts without simulating pays the whole gas limit for nothing.
contract GasBurnerToken is FiatTokenMock {
    constructor(string memory name_, string memory version_, address[] memory holders, uint256 amount)
        FiatTokenMock(name_, version_, holders, amount)
    {}

    function _skipUsedAuthorization(address, bytes32) internal pure override returns (bool) {
        assembly ("memory-safe") {
            invalid()
        }
    }
}
